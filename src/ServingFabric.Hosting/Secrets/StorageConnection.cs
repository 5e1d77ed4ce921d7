using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Hosting.Secrets;

/// <summary>
/// The one <see cref="TableServiceClient"/> that clustering (membership) and grain state use. With a literal connection
/// string it is built from the string; with a secret reference it is built from the parsed parts with a credential this
/// class keeps, so a rotated account key or SAS applies to the same clients at once — the silo stays in the cluster.
/// A rotation that moves to another endpoint or account cannot be applied live and is refused (restart the silos).
/// </summary>
internal sealed class StorageConnection : ISecretConsumer
{
    public const string SettingName = "ServingFabric:Storage:ConnectionString";

    private readonly Lock _gate = new();
    private StorageConnectionString? _parts;
    private TableSharedKeyCredential? _sharedKey;
    private AzureSasCredential? _sas;

    public StorageConnection(IOptions<ServingFabricStorageOptions> options, ResolvedSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.TryGet(SettingName, out var resolved))
        {
            _parts = ParseSecret(resolved);
            Client = _parts.AccountKey is { } key
                ? new TableServiceClient(_parts.TableEndpoint, _sharedKey = new TableSharedKeyCredential(_parts.AccountName, key))
                : new TableServiceClient(_parts.TableEndpoint, _sas = new AzureSasCredential(_parts.SharedAccessSignature!));
        }
        else
        {
            Client = new TableServiceClient(options.Value.ResolveConnectionString());
        }
    }

    /// <summary>The client every table provider of this silo uses.</summary>
    public TableServiceClient Client { get; }

    public string Setting => SettingName;

    public string Component => "storage";

    public Task ApplyAsync(SecretValue value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        var next = ParseSecret(value);
        lock (_gate)
        {
            if (_parts is null || !_parts.SameTarget(next))
            {
                throw new InvalidOperationException(
                    $"the new connection string points at {next.TableEndpoint} ({next.AccountName}) or changes the kind of credential; only the key or SAS of {_parts?.TableEndpoint} can change without a restart: restart the silos one by one to move storage");
            }

            if (next.AccountKey is { } key)
            {
                _sharedKey!.SetAccountKey(key);
            }
            else
            {
                _sas!.Update(next.SharedAccessSignature!);
            }

            _parts = next;
        }

        return Task.CompletedTask;
    }

    private static StorageConnectionString ParseSecret(SecretValue value)
    {
        try
        {
            return StorageConnectionString.Parse(value.Value.Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"secret {value} is not a usable Azure Storage connection string: {ex.Message}", ex);
        }
    }
}
