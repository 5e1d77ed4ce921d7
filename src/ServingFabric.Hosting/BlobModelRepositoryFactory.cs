using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Runtime.Repository.Blob;

namespace ServingFabric.Hosting;

/// <summary>Builds the blob repository from validated options; a connection string written as a reference comes from the secret store.</summary>
internal static class BlobModelRepositoryFactory
{
    public static BlobModelRepository Create(ModelRepositoryBlobOptions options, ResolvedSecrets? secrets, ILoggerFactory loggers, TimeProvider time)
    {
        var repository = new BlobModelRepository(
            Container(options, secrets),
            options.Prefix,
            Path.GetFullPath(options.CacheDirectory),
            options.PollInterval,
            loggers.CreateLogger<BlobModelRepository>(),
            time);
        HostingLog.UsingBlobModelRepository(loggers.CreateLogger(typeof(ModelRepositoryOptions).Namespace!), repository.Source, repository.CacheDirectory, options.PollInterval);
        return repository;
    }

    private static BlobContainerClient Container(ModelRepositoryBlobOptions options, ResolvedSecrets? secrets)
    {
        if (!string.IsNullOrWhiteSpace(options.ContainerUri))
        {
            var uri = new Uri(options.ContainerUri);
            // A SAS token in the URL is the credential; without one the pod's Azure identity reads the container.
            return string.IsNullOrEmpty(uri.Query)
                ? new BlobContainerClient(uri, new DefaultAzureCredential())
                : new BlobContainerClient(uri);
        }

        var connectionString = secrets is not null && secrets.TryGet(ModelRepositoryBlobOptions.ConnectionStringSetting, out var resolved)
            ? resolved.Value.Trim()
            : options.ConnectionString!.Trim();
        return new BlobContainerClient(connectionString, options.Container);
    }
}
