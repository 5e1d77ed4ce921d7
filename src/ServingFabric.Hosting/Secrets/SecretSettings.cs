namespace ServingFabric.Hosting.Secrets;

/// <summary>A setting that holds a secret and may be written as a reference.</summary>
/// <param name="Key">The configuration key.</param>
/// <param name="Component">Who reads it, in audit records.</param>
/// <param name="LiteralIsSecret">
/// Whether a literal value is the secret itself (a connection string, a key), which the production profile refuses;
/// false where a literal is a path to a mounted file, which is where secrets belong.
/// </param>
internal sealed record SecretSetting(string Key, string Component, bool LiteralIsSecret);

/// <summary>The secret-holding settings the host resolves at start and watches afterwards.</summary>
internal static class SecretSettings
{
    public static readonly IReadOnlyList<SecretSetting> All =
    [
        new(StorageConnection.SettingName, "storage", LiteralIsSecret: true),
        new("ServingFabric:Gateway:AdminApiKey", "gateway.admin-key", LiteralIsSecret: true),
        new("ServingFabric:Gateway:Auth:KeysFile", "gateway.api-keys", LiteralIsSecret: false),
        // Read once at start: the blob repository's client is not rebuilt on rotation (restart the silos).
        new(ModelRepositoryBlobOptions.ConnectionStringSetting, "model-repository", LiteralIsSecret: true),
    ];
}
