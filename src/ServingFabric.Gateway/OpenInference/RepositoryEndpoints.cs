using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ServingFabric.Deployment;
using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>Triton's model repository extension: index, load, unload.</summary>
internal static class RepositoryEndpoints
{
    public static async Task IndexAsync(HttpContext context, IModelDeployer deployer, IOptions<GatewayOptions> options)
    {
        // The index takes {} or {"ready": true}: a management-sized body.
        var body = await RequestBodyReader.ReadAsync(context.Request, Management.ManagementBody.MaxBytes, context.RequestAborted);
        var readyOnly = ReadReadyFlag(body);
        var entries = await deployer.IndexAsync(readyOnly, context.RequestAborted);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var entry in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("name", entry.Name);
                writer.WriteString("version", entry.Version);
                writer.WriteString("state", entry.State);
                if (entry.Reason is { } reason)
                {
                    writer.WriteString("reason", reason);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, buffer.ToArray());
    }

    public static async Task LoadAsync(HttpContext context, string name, IModelDeployer deployer)
    {
        await LoadAllVersionsAsync(deployer, name, context.RequestAborted);
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, "{}"u8.ToArray());
    }

    /// <summary>Loads every version of <paramref name="name"/>; 503 naming each version's reason when none could load.</summary>
    internal static async Task LoadAllVersionsAsync(IModelDeployer deployer, string name, CancellationToken cancellationToken)
    {
        var results = await deployer.LoadAsync(name, cancellationToken);
        var refused = results.Where(r => !r.Ready).ToArray();
        if (refused.Length == results.Count)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable,
                $"failed to load model '{name}': " + string.Join("; ", refused.Select(r => $"version {r.Version}: {r.Reason}")));
        }
    }

    /// <summary>
    /// Unloads a model the catalog knows; an unknown name is 404 before the deployer is asked, so a made-up name
    /// activates no router (load still accepts a new name: it is how a model enters the catalog).
    /// </summary>
    public static async Task UnloadAsync(HttpContext context, string name, IModelDeployer deployer)
    {
        await ModelEndpoints.EnsureKnownAsync(context, name);
        await deployer.UnloadAsync(name);
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, "{}"u8.ToArray());
    }

    private static bool ReadReadyFlag(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        if (WireJsonText.FindInvalidString(body.Span) is { } where)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"repository index request has {where} that is not valid Unicode; send {{}} or {{\"ready\": true}}");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("ready", out var ready)
                && ready.ValueKind == JsonValueKind.True;
        }
        catch (JsonException ex)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"repository index request is not valid JSON: {ex.Message}; send {{}} or {{\"ready\": true}}");
        }
    }
}
