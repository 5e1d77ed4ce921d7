using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ServingFabric.Cli;

/// <summary>
/// Uploads a version into a blob model repository (Triton's layout under a prefix): the artifact first, then config.json
/// with the version's SHA-256, so a silo never finds a declared version without its file. config.json is replaced only
/// if nobody changed it meanwhile (If-Match), and read again when someone did.
/// </summary>
internal static class BlobVersionUpload
{
    private const int ConfigAttempts = 3;

    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static async Task<int> RunAsync(UploadVersionCommand upload, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await UploadAsync(upload, output, error, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            // The URL is printed without its query: the SAS token is a secret.
            await error.WriteLineAsync($"fabric: the container {upload.ContainerUri.GetLeftPart(UriPartial.Path)} refused the upload (HTTP {ex.Status}, {ex.ErrorCode}); give --upload a container URL whose SAS token allows read, create and write");
            return FabricCommand.Failed;
        }
    }

    private static async Task<int> UploadAsync(UploadVersionCommand upload, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(upload.Artifact))
        {
            await error.WriteLineAsync($"fabric: --artifact {upload.Artifact} does not exist; with --upload it is a local file");
            return FabricCommand.Failed;
        }

        string actual;
        await using (var file = File.OpenRead(upload.Artifact))
        {
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        }

        if (!string.Equals(actual, upload.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync($"fabric: {upload.Artifact} has SHA-256 {actual} but --sha256 says {upload.Sha256.ToLowerInvariant()}; nothing was uploaded");
            return FabricCommand.Failed;
        }

        var container = new BlobContainerClient(upload.ContainerUri);
        var prefix = upload.Prefix.Trim('/') is { Length: > 0 } trimmed ? trimmed + "/" : "";
        var config = container.GetBlobClient($"{prefix}{upload.Model}/config.json");
        var artifact = container.GetBlobClient($"{prefix}{upload.Model}/{upload.Version}/model.onnx");
        if (await ReadConfigAsync(config, cancellationToken) is not { } current)
        {
            await error.WriteLineAsync($"fabric: there is no {config.Name} in the container; upload the model's config.json (platform, batching) first, then register versions");
            return FabricCommand.Failed;
        }

        if (current.Json["versions"]?[upload.Version] is not null)
        {
            await error.WriteLineAsync($"fabric: {config.Name} already declares version {upload.Version}; versions are immutable, so register a new version");
            return FabricCommand.Failed;
        }

        await artifact.UploadAsync(upload.Artifact, overwrite: true, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var versions = current.Json["versions"] as JsonObject ?? [];
            current.Json["versions"] = versions;
            versions[upload.Version] = new JsonObject { ["sha256"] = actual };
            if (upload.MakeDefault)
            {
                current.Json["default_version"] = upload.Version;
            }

            try
            {
                var conditions = new BlobRequestConditions { IfMatch = current.ETag };
                await config.UploadAsync(BinaryData.FromString(current.Json.ToJsonString()), new BlobUploadOptions { Conditions = conditions }, cancellationToken);
                break;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < ConfigAttempts)
            {
                // Someone else changed config.json (another version registered): merge into theirs.
                if (await ReadConfigAsync(config, cancellationToken) is not { } reread)
                {
                    throw;
                }

                current = reread;
            }
        }

        await output.WriteLineAsync(
            $"uploaded {artifact.Name} ({new FileInfo(upload.Artifact).Length} bytes, SHA-256 {actual}) and declared it in {config.Name}; "
            + "silos with ServingFabric:ModelRepository:Source=blob download and verify it at their next poll");
        return FabricCommand.Ok;
    }

    private static async Task<(JsonObject Json, ETag ETag)?> ReadConfigAsync(BlobClient config, CancellationToken cancellationToken)
    {
        try
        {
            var content = await config.DownloadContentAsync(cancellationToken);
            var json = JsonNode.Parse(content.Value.Content.ToString(), documentOptions: Lenient) as JsonObject
                ?? throw new JsonException($"{config.Name} is not a JSON object");
            return (json, content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
