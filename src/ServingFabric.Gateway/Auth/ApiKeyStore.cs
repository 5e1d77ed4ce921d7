using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security;
using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// The keys of <see cref="GatewayAuthOptions.KeysFile"/>, by id, each with its claims made once. The file is checked
/// for changes at most every <see cref="GatewayAuthOptions.KeysReloadInterval"/> (on the first lookup after the
/// interval), so a revoked key stops working within one interval; a file that breaks later keeps the last good keys.
/// </summary>
internal sealed partial class ApiKeyStore : ISecretConsumer
{
    /// <summary>The setting this store holds, as the secret store names it.</summary>
    public const string SettingName = "ServingFabric:Gateway:Auth:KeysFile";

    private readonly string? _path;
    private readonly bool _fromSecret;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyStore> _logger;
    private readonly Lock _reloading = new();
    private volatile Snapshot _current = Snapshot.Empty;
    private long _nextCheck;

    public ApiKeyStore(IOptions<GatewayAuthOptions> options, TimeProvider time, ILogger<ApiKeyStore> logger, ResolvedSecrets? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _interval = options.Value.KeysReloadInterval;
        _time = time;
        _logger = logger;
        if (SecretReference.LooksLikeReference(options.Value.KeysFile))
        {
            // The keys file's JSON is a secret (Key Vault or a mounted file): new versions come through ApplyAsync.
            _fromSecret = true;
            _current = secrets is not null && secrets.TryGet(SettingName, out var resolved)
                ? FromSecret(resolved)
                : throw new InvalidOperationException($"{SettingName} is a secret reference that was not read at start; start the silo through AddServingFabricSilo, which reads secret references");
            return;
        }

        _path = string.IsNullOrWhiteSpace(options.Value.KeysFile) ? null : options.Value.KeysFile;
        if (_path is not null)
        {
            // Options validation has read the file already; a file that broke since fails here, naming it.
            _current = Load(_path);
            _nextCheck = _time.GetTimestamp() + ToTicks(_interval);
        }
    }

    /// <summary>Whether a keys file is configured.</summary>
    public bool IsConfigured => _path is not null || _fromSecret;

    public string Setting => SettingName;

    public string Component => "gateway.api-keys";

    /// <summary>A new version of the keys secret: parsed and swapped in whole, or refused (the keys in force stay).</summary>
    public Task ApplyAsync(SecretValue value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        _current = FromSecret(value);
        LogReloaded(_logger, value.ToString(), _current.Keys.Count);
        return Task.CompletedTask;
    }

    private static Snapshot FromSecret(SecretValue value) =>
        new(default, ApiKeysFileReader.Parse(value.Value, value.Reference.ToString())
            .ToFrozenDictionary(k => k.Key, k => (k.Value, ClaimsOf(k.Value)), StringComparer.Ordinal));

    /// <summary>The key with this id and the claims it grants; false when no such key is in the file.</summary>
    public bool TryFind(string id, out ApiKeyRecord record, out Claim[] claims)
    {
        var snapshot = Current();
        if (snapshot.Keys.TryGetValue(id, out var entry))
        {
            (record, claims) = entry;
            return true;
        }

        (record, claims) = (null!, []);
        return false;
    }

    private Snapshot Current()
    {
        if (_path is null || _time.GetTimestamp() < Interlocked.Read(ref _nextCheck) || !_reloading.TryEnter())
        {
            return _current;
        }

        try
        {
            Interlocked.Exchange(ref _nextCheck, _time.GetTimestamp() + ToTicks(_interval));
            var stamp = Stamp.Of(_path);
            if (stamp != _current.Stamp)
            {
                _current = Load(_path);
                LogReloaded(_logger, _path, _current.Keys.Count);
            }
        }
        catch (InvalidOperationException ex)
        {
            LogReloadFailed(_logger, _path, ex.Message);
        }
        finally
        {
            _reloading.Exit();
        }

        return _current;
    }

    private static Snapshot Load(string path)
    {
        var stamp = Stamp.Of(path);
        var keys = ApiKeysFileReader.Read(path);
        return new Snapshot(stamp, keys.ToFrozenDictionary(k => k.Key, k => (k.Value, ClaimsOf(k.Value)), StringComparer.Ordinal));
    }

    private static Claim[] ClaimsOf(ApiKeyRecord key) =>
        [new(FabricPrincipals.CallerClaim, $"key:{key.Name}"), .. (key.Scopes ?? []).Select(s => new Claim(FabricPrincipals.ScopeClaim, s))];

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private sealed record Snapshot(Stamp Stamp, FrozenDictionary<string, (ApiKeyRecord Record, Claim[] Claims)> Keys)
    {
        public static readonly Snapshot Empty = new(default, FrozenDictionary<string, (ApiKeyRecord, Claim[])>.Empty);
    }

    /// <summary>What tells a changed file apart: its last write time and length (a rewrite within the clock's resolution still changes one of them in practice).</summary>
    private readonly record struct Stamp(DateTime WrittenAt, long Length)
    {
        public static Stamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new Stamp(info.LastWriteTimeUtc, info.Length) : default;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded the API keys file {Path}: {Count} keys")]
    private static partial void LogReloaded(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The API keys file {Path} changed but cannot be used: {Problem} The gateway keeps the keys it read last; fix the file (or restore it from 'fabric keys') and it is read again within the reload interval")]
    private static partial void LogReloadFailed(ILogger logger, string path, string problem);
}
