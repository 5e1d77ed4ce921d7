using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Hosting;

/// <summary>Checks where models come from before the silo starts; each message names the setting and a correct example.</summary>
internal sealed partial class ModelRepositoryOptionsValidator : IValidateOptions<ModelRepositoryOptions>
{
    private const string Blob = ModelRepositoryOptions.SectionName + ":Blob";

    public ValidateOptionsResult Validate(string? name, ModelRepositoryOptions options)
    {
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Failures(ModelRepositoryOptions options)
    {
        var failures = new List<string>();
        if (options.IsBlob)
        {
            BlobFailures(failures, options.Blob);
        }
        else if (!string.Equals(options.Source, ModelRepositoryOptions.FileSystemSource, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{ModelRepositoryOptions.SectionName}:Source '{options.Source}' is not a repository source; use filesystem (a folder, ServingFabric:ModelRepository:Path) or blob (an Azure Blob container, ServingFabric:ModelRepository:Blob:*).");
        }
        else if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{ModelRepositoryOptions.SectionName}:Path is empty; give the repository folder, for example /models.");
        }

        return failures;
    }

    private static void BlobFailures(List<string> failures, ModelRepositoryBlobOptions blob)
    {
        var hasUri = !string.IsNullOrWhiteSpace(blob.ContainerUri);
        var hasConnection = !string.IsNullOrWhiteSpace(blob.ConnectionString);
        if (hasUri == hasConnection)
        {
            failures.Add(hasUri
                ? $"{Blob}:ContainerUri and ConnectionString are both set; keep one."
                : $"{ModelRepositoryOptions.SectionName}:Source is blob but no container is configured: set {Blob}:ContainerUri (for example https://account.blob.core.windows.net/models) or {Blob}:ConnectionString with {Blob}:Container.");
        }
        else if (hasUri)
        {
            if (!Uri.TryCreate(blob.ContainerUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath.Trim('/').Length == 0)
            {
                // The value is not quoted: it may carry a SAS token.
                failures.Add($"{Blob}:ContainerUri is not an http(s) URL of a container; use the form https://account.blob.core.windows.net/models (a SAS token may follow after '?').");
            }
        }
        else
        {
            ConnectionFailures(failures, blob);
        }

        if (string.IsNullOrWhiteSpace(blob.CacheDirectory))
        {
            failures.Add($"{Blob}:CacheDirectory is empty; give a local folder for the downloaded versions, for example /var/cache/servingfabric/models.");
        }

        if (blob.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Blob}:PollInterval is {blob.PollInterval}; it must be positive, for example 00:00:30.");
        }

        if ((blob.Prefix ?? "").Split('/').Any(part => part is "." or ".."))
        {
            failures.Add($"{Blob}:Prefix '{blob.Prefix}' has a '.' or '..' segment; use a plain folder name such as prod or team/models.");
        }
    }

    private static void ConnectionFailures(List<string> failures, ModelRepositoryBlobOptions blob)
    {
        if (blob.Container is null || !ContainerName().IsMatch(blob.Container))
        {
            failures.Add($"{Blob}:Container '{blob.Container}' is not a valid container name: 3 to 63 lower-case letters, digits and single hyphens, for example models.");
        }

        if (SecretReference.LooksLikeReference(blob.ConnectionString))
        {
            // Read through the secret store at start.
            if (!SecretReference.TryParse(blob.ConnectionString, out _, out var error))
            {
                failures.Add($"{Blob}:ConnectionString: {error}");
            }

            return;
        }

        try
        {
            _ = new BlobServiceClient(blob.ConnectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The exception's message is kept out: it may quote the secret.
            failures.Add($"{Blob}:ConnectionString is not a usable Azure Storage connection string ({ex.GetType().Name}); use the form DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;BlobEndpoint=..., or a reference kv://<vault>/<name> or file:<path>.");
        }
    }

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();
}
