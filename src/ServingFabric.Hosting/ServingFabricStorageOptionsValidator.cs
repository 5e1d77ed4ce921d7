using ServingFabric.Contracts.Security.Secrets;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ServingFabric.Hosting;

/// <summary>With Azure Table clustering, checks that a usable connection string and valid table names are configured.</summary>
internal sealed partial class ServingFabricStorageOptionsValidator(IOptions<ServingFabricSiloOptions> silo) : IValidateOptions<ServingFabricStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, ServingFabricStorageOptions options)
    {
        var failures = Failures(silo.Value, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Failures(ServingFabricSiloOptions silo, ServingFabricStorageOptions options)
    {
        var failures = new List<string>();
        if (!ServingFabricSiloOptionsValidator.IsAzureTable(silo))
        {
            return failures;
        }

        var hasString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasFile = !string.IsNullOrWhiteSpace(options.ConnectionStringFile);
        if (hasString == hasFile)
        {
            failures.Add(hasString
                ? "ServingFabric:Storage:ConnectionString and ConnectionStringFile are both set; keep one (the file is the secret store's)."
                : "ServingFabric:Silo:Clustering is AzureTable but no connection string is configured: set ServingFabric:Storage:ConnectionString or ServingFabric:Storage:ConnectionStringFile (a file holding it).");
        }
        else if (hasFile && !File.Exists(options.ConnectionStringFile))
        {
            failures.Add($"ServingFabric:Storage:ConnectionStringFile '{options.ConnectionStringFile}' does not exist; mount the secret there or correct the path.");
        }
        else if (SecretReference.LooksLikeReference(options.ConnectionString))
        {
            // Read and parsed through the secret store at start.
            if (!SecretReference.TryParse(options.ConnectionString, out _, out var error))
            {
                failures.Add($"ServingFabric:Storage:ConnectionString: {error}");
            }
        }
        else
        {
            CheckConnectionString(failures, options);
        }

        CheckTableName(failures, "ClusteringTableName", options.ClusteringTableName);
        CheckTableName(failures, "GrainStateTableName", options.GrainStateTableName);
        return failures;
    }

    private static void CheckConnectionString(List<string> failures, ServingFabricStorageOptions options)
    {
        var source = string.IsNullOrWhiteSpace(options.ConnectionString) ? "ConnectionStringFile's content" : "ConnectionString";
        try
        {
            _ = new TableServiceClient(options.ResolveConnectionString());
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // The message of the exception is kept out: it may quote the secret.
            failures.Add($"ServingFabric:Storage:{source} is not a usable Azure Storage connection string ({ex.GetType().Name}); use the form DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;TableEndpoint=....");
        }
    }

    private static void CheckTableName(List<string> failures, string setting, string name)
    {
        if (name is null || !TableName().IsMatch(name))
        {
            failures.Add($"ServingFabric:Storage:{setting} '{name}' is not a valid Azure table name: 3 to 63 letters and digits, starting with a letter.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
