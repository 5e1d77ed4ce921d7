using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Gateway.Operator;

namespace ServingFabric.Hosting.Secrets;

/// <summary>
/// Registers the secret store and reads every secret-holding setting written as a reference before anything else is
/// composed: a secret that cannot be read stops the start with a message naming the setting, the reference and the
/// store (never a value). In the production profile (<c>ServingFabric:Secrets:RequireReferences=true</c>) a literal
/// connection string or admin key stops it too, saying where the value belongs.
/// </summary>
public static class ServingFabricSecretsExtensions
{
    public static IServiceCollection AddServingFabricSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SecretStoreOptions.SectionName).Get<SecretStoreOptions>() ?? new SecretStoreOptions();
        var failures = Validate(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(SecretStoreOptions), typeof(SecretStoreOptions), failures);
        }

        // A credential registered before this call (tests, hosts with their own identity setup) is used for Key Vault.
        var credential = services.LastOrDefault(d => d.ServiceType == typeof(TokenCredential))?.ImplementationInstance as TokenCredential;
        var startupLog = new StartupBufferedLogger();
        var audit = new SecretAuditLog(options.AuditCapacity);
        var silo = SiloName.Current;
        var store = new SecretStore(options, new KeyVaultSecretBackend(options, credential), new FileSecretBackend(), audit, new SecretMetrics(), TimeProvider.System, startupLog, silo);
        var resolved = Resolve(configuration, options, store);

        services.AddSingleton(options);
        services.AddSingleton(startupLog);
        services.AddSingleton<ISecretStore>(store);
        services.AddSingleton<ISecretAuditLog>(audit);
        services.AddSingleton(resolved);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, SecretRotation>());
        return services;
    }

    private static ResolvedSecrets Resolve(IConfiguration configuration, SecretStoreOptions options, SecretStore store)
    {
        var resolved = new ResolvedSecrets();
        foreach (var setting in SecretSettings.All)
        {
            var text = configuration[setting.Key];
            if (SecretReference.LooksLikeReference(text))
            {
                var reference = SecretReference.TryParse(text, out var parsed, out var error)
                    ? parsed
                    : throw new InvalidOperationException($"{setting.Key}: {error}");
                try
                {
                    // The host is being composed: nothing runs yet that a blocking read could hold up.
                    resolved.Add(setting.Key, store.GetAsync(reference, setting.Component).WaitAsync(options.StartTimeout).GetAwaiter().GetResult());
                }
                catch (Exception ex) when (ex is SecretStoreException or TimeoutException)
                {
                    throw new InvalidOperationException(
                        $"{setting.Key} refers to {reference}, which cannot be read ({ex.Message}); the silo does not start without it. Fix access to the store or the reference and start again.", ex);
                }
            }
            else if (options.RequireReferences && setting.LiteralIsSecret && !string.IsNullOrWhiteSpace(text))
            {
                throw new InvalidOperationException(
                    $"{setting.Key} holds a literal value, which the production profile (ServingFabric:Secrets:RequireReferences) refuses: put the value in Key Vault and write kv://<vault>/<name>, or mount it as a file and write file:<path>.");
            }
        }

        return resolved;
    }

    private static List<string> Validate(SecretStoreOptions options)
    {
        var failures = new List<string>();
        if (options.PollInterval <= TimeSpan.Zero || options.FilePollInterval <= TimeSpan.Zero || options.RetryBackoff <= TimeSpan.Zero || options.StartTimeout <= TimeSpan.Zero)
        {
            failures.Add("ServingFabric:Secrets:PollInterval, FilePollInterval, RetryBackoff and StartTimeout must be positive, such as 00:05:00, 00:00:01, 00:05:00 and 00:00:30.");
        }

        if (options.AuditCapacity is < 1 or > 1_000_000)
        {
            failures.Add($"ServingFabric:Secrets:AuditCapacity {options.AuditCapacity} is outside 1..1000000.");
        }

        if (options.TrustedCaFile is { Length: > 0 } ca && !File.Exists(ca))
        {
            failures.Add($"ServingFabric:Secrets:TrustedCaFile '{ca}' does not exist.");
        }

        if (options.ClientSecretFile is { Length: > 0 } secretFile && (!File.Exists(secretFile) || string.IsNullOrWhiteSpace(options.TenantId) || string.IsNullOrWhiteSpace(options.ClientId)))
        {
            failures.Add("ServingFabric:Secrets:ClientSecretFile needs the file to exist and TenantId and ClientId to be set.");
        }

        return failures;
    }
}
