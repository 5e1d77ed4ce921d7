using Microsoft.Extensions.Logging;

namespace ServingFabric.Hosting.Secrets;

/// <summary>The secret store's log events. Event ids are stable (4100-4109): alert and audit pipelines match on them.</summary>
internal static partial class SecretStoreLog
{
    public const int SecretAccessedId = 4100;

    [LoggerMessage(EventId = SecretAccessedId, EventName = "SecretAccessed", Level = LogLevel.Information,
        Message = "Secret access: {Operation} {Secret} ({Store}) by {Component} on {Silo}: {Outcome}, version {Version}")]
    public static partial void Accessed(ILogger logger, string operation, string secret, string store, string component, string silo, string outcome, string version);

    [LoggerMessage(EventId = 4101, EventName = "SecretRotated", Level = LogLevel.Warning,
        Message = "Secret {Secret} rotated to version {Version} for {Component}; the previous version {Previous} is no longer used by this silo")]
    public static partial void Rotated(ILogger logger, string secret, string version, string component, string previous);

    [LoggerMessage(EventId = 4102, EventName = "SecretRotationFailed", Level = LogLevel.Error,
        Message = "Secret {Secret} has a new version {Version} that {Component} cannot use: {Problem}. The previous version {Previous} stays in force and this version is not tried again; put a corrected version in the store (a new version is picked up at the next check)")]
    public static partial void RotationFailed(ILogger logger, string secret, string version, string component, string previous, string problem);

    [LoggerMessage(EventId = 4103, EventName = "SecretRefreshFailed", Level = LogLevel.Error,
        Message = "Secret {Secret} could not be refreshed for {Component}: {Problem}. The last good version {Version} stays in force; retrying in {Retry}")]
    public static partial void RefreshFailed(ILogger logger, string secret, string component, string problem, string version, TimeSpan retry);

    [LoggerMessage(EventId = 4104, EventName = "SecretRefreshRecovered", Level = LogLevel.Information,
        Message = "Secret {Secret} can be refreshed again for {Component}")]
    public static partial void RefreshRecovered(ILogger logger, string secret, string component);
}
