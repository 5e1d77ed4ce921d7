using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Hosting.Secrets;

/// <summary>
/// Secrets in Azure Key Vault through the SDK's <see cref="SecretClient"/> (one per vault), authenticated by
/// Azure.Identity: a service principal with a client secret or certificate file when configured, otherwise
/// <see cref="DefaultAzureCredential"/> (workload identity in AKS, managed identity on a VM). Errors name the vault,
/// the secret and the HTTP status, never the response body.
/// </summary>
internal sealed class KeyVaultSecretBackend : ISecretBackend
{
    private readonly SecretStoreOptions _options;
    private readonly TokenCredential _credential;
    private readonly HttpClientTransport? _transport;
    private readonly ConcurrentDictionary<string, SecretClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public KeyVaultSecretBackend(SecretStoreOptions options, TokenCredential? credential = null)
    {
        _options = options;
        _transport = options.TrustedCaFile is { Length: > 0 } ca ? TransportTrusting(ca) : null;
        _credential = credential ?? CredentialFrom(options, _transport);
    }

    /// <summary>The vault's URI for a reference's location.</summary>
    public Uri VaultUri(string location) =>
        _options.Vaults.TryGetValue(location, out var configured) ? configured
        : location.Contains('.', StringComparison.Ordinal) || location.Contains(':', StringComparison.Ordinal) ? new Uri($"https://{location}/")
        : new Uri($"https://{location}.vault.azure.net/");

    public async Task<SecretValue> GetAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        try
        {
            var secret = (await Client(reference.Location).GetSecretAsync(reference.Name, version: null, cancellationToken)).Value;
            if (secret.Properties.Enabled == false)
            {
                throw new SecretStoreException($"secret {reference}: its current version is disabled in the vault; enable a version", "not_found");
            }

            return new SecretValue(reference, secret.Properties.Version ?? "", secret.Value ?? "", secret.Properties.CreatedOn);
        }
        catch (Exception ex) when (ex is not SecretStoreException and not OperationCanceledException)
        {
            throw Failure(reference, ex);
        }
    }

    public async Task<IReadOnlyList<SecretVersionInfo>> ListVersionsAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        try
        {
            var versions = new List<SecretVersionInfo>();
            await foreach (var properties in Client(reference.Location).GetPropertiesOfSecretVersionsAsync(reference.Name, cancellationToken))
            {
                versions.Add(new SecretVersionInfo(properties.Version ?? "", properties.Enabled ?? true, properties.CreatedOn, properties.ExpiresOn));
            }

            return [.. versions.OrderByDescending(v => v.CreatedOn ?? DateTimeOffset.MinValue)];
        }
        catch (Exception ex) when (ex is not SecretStoreException and not OperationCanceledException)
        {
            throw Failure(reference, ex);
        }
    }

    private SecretClient Client(string location) => _clients.GetOrAdd(location, l =>
    {
        var options = new SecretClientOptions { DisableChallengeResourceVerification = _options.DisableChallengeResourceVerification };
        options.Retry.MaxRetries = 2;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        if (_transport is not null)
        {
            options.Transport = _transport;
        }

        return new SecretClient(VaultUri(l), _credential, options);
    });

    private SecretStoreException Failure(SecretReference reference, Exception ex)
    {
        var vault = VaultUri(reference.Location);
        return ex switch
        {
            RequestFailedException { Status: 404 } => new($"secret {reference}: vault {vault} has no such secret (404); create it or fix the name", "not_found", ex),
            RequestFailedException { Status: 401 or 403 } failed => new(
                $"secret {reference}: vault {vault} refused access ({failed.Status}); grant the silo's identity 'Key Vault Secrets User' on the vault", "denied", ex),
            RequestFailedException { Status: 0 } or AggregateException or System.Net.Http.HttpRequestException or TimeoutException =>
                new($"secret {reference}: vault {vault} cannot be reached ({ex.GetType().Name}); check DNS, the network policy's egress to the vault and the private endpoint", "unreachable", ex),
            RequestFailedException { Status: >= 500 } failed => new(
                $"secret {reference}: vault {vault} is unavailable (it answered {failed.Status} {failed.ErrorCode}); the last good value stays in force while it is retried", "unreachable", ex),
            RequestFailedException failed => new($"secret {reference}: vault {vault} answered {failed.Status} ({failed.ErrorCode})", "error", ex),
            AuthenticationFailedException or CredentialUnavailableException => new(
                $"secret {reference}: no token for vault {vault} ({ex.GetType().Name}); check ServingFabric:Secrets:TenantId/ClientId and the workload identity", "denied", ex),
            _ => new($"secret {reference}: reading from vault {vault} failed ({ex.GetType().Name})", "error", ex),
        };
    }

    private static TokenCredential CredentialFrom(SecretStoreOptions options, HttpClientTransport? transport)
    {
        void Apply(TokenCredentialOptions o)
        {
            if (options.AuthorityHost is not null)
            {
                o.AuthorityHost = options.AuthorityHost;
            }

            if (transport is not null)
            {
                o.Transport = transport;
            }
        }

        if (options.ClientSecretFile is { Length: > 0 } secretFile)
        {
            var credentialOptions = new ClientSecretCredentialOptions { DisableInstanceDiscovery = options.AuthorityHost is not null };
            Apply(credentialOptions);
            return new ClientSecretCredential(options.TenantId, options.ClientId, File.ReadAllText(secretFile).Trim(), credentialOptions);
        }

        if (options.ClientCertificatePath is { Length: > 0 } certificate)
        {
            var credentialOptions = new ClientCertificateCredentialOptions { DisableInstanceDiscovery = options.AuthorityHost is not null };
            Apply(credentialOptions);
            return new ClientCertificateCredential(options.TenantId, options.ClientId, certificate, credentialOptions);
        }

        var defaults = new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId, WorkloadIdentityClientId = options.ClientId };
        if (options.TenantId is { Length: > 0 } tenant)
        {
            defaults.TenantId = tenant;
        }

        Apply(defaults);
        return new DefaultAzureCredential(defaults);
    }

    /// <summary>An HTTP transport that also trusts the CA in <paramref name="caFile"/> (a private or test CA).</summary>
    private static HttpClientTransport TransportTrusting(string caFile)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caFile);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                if (certificate is null || chain is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false;
                }

                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        return new HttpClientTransport(handler);
    }
}
