using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// The issuer's signing keys from <see cref="JwtIssuerOptions.JwksFile"/> (a local JSON Web Key Set), read again when
/// the file changes (checked at most every <see cref="GatewayAuthOptions.KeysReloadInterval"/>), so a rotated key set
/// applies without a restart. A file that breaks later keeps the last good keys.
/// </summary>
internal sealed partial class JwksFileKeys
{
    private readonly string? _path;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<JwksFileKeys> _logger;
    private readonly Lock _reloading = new();
    private volatile IReadOnlyList<SecurityKey> _keys = [];
    private DateTime _writtenAt;
    private long _nextCheck;

    public JwksFileKeys(IOptions<GatewayAuthOptions> options, TimeProvider time, ILogger<JwksFileKeys> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _path = string.IsNullOrWhiteSpace(options.Value.Jwt.JwksFile) ? null : options.Value.Jwt.JwksFile;
        _interval = options.Value.KeysReloadInterval;
        _time = time;
        _logger = logger;
        if (_path is not null)
        {
            _writtenAt = File.GetLastWriteTimeUtc(_path);
            _keys = Read(_path);
            _nextCheck = _time.GetTimestamp() + (long)(_interval.TotalSeconds * _time.TimestampFrequency);
        }
    }

    /// <summary>The current signing keys (empty when no JWKS file is configured).</summary>
    public IReadOnlyList<SecurityKey> Current()
    {
        if (_path is null || _time.GetTimestamp() < Interlocked.Read(ref _nextCheck) || !_reloading.TryEnter())
        {
            return _keys;
        }

        try
        {
            Interlocked.Exchange(ref _nextCheck, _time.GetTimestamp() + (long)(_interval.TotalSeconds * _time.TimestampFrequency));
            var writtenAt = File.GetLastWriteTimeUtc(_path);
            if (writtenAt != _writtenAt)
            {
                _keys = Read(_path);
                _writtenAt = writtenAt;
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

        return _keys;
    }

    /// <summary>The signing keys of a JWKS file; throws <see cref="InvalidOperationException"/> naming the file and the fix.</summary>
    public static IReadOnlyList<SecurityKey> Read(string path)
    {
        try
        {
            var keys = new JsonWebKeySet(File.ReadAllText(path)).GetSigningKeys();
            return keys.Count > 0
                ? [.. keys]
                : throw new InvalidOperationException($"ServingFabric:Gateway:Auth:Jwt:JwksFile '{path}' holds no signing keys; export the issuer's JWKS (its jwks_uri) into it.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"ServingFabric:Gateway:Auth:Jwt:JwksFile '{path}' cannot be used ({ex.GetType().Name}: {ex.Message}); write the issuer's JSON Web Key Set there.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The JWKS file {Path} changed but cannot be used: {Problem} The gateway keeps the signing keys it read last; fix the file and it is read again within the reload interval")]
    private static partial void LogReloadFailed(ILogger logger, string path, string problem);
}
