using System.Diagnostics.CodeAnalysis;

namespace ServingFabric.Contracts.Security.Secrets;

/// <summary>
/// The secret-holding settings that were written as references, with the value each had when the host started (read
/// through the secret store before anything else started, so a missing secret stops the start). Consumers take their
/// first value here and later ones from <see cref="ISecretStore.Watch"/>.
/// </summary>
public sealed class ResolvedSecrets
{
    private readonly Dictionary<string, SecretValue> _bySetting = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records the value read for <paramref name="setting"/>.</summary>
    public void Add(string setting, SecretValue value) => _bySetting[setting] = value;

    /// <summary>The value read at start for the setting, when it held a reference.</summary>
    public bool TryGet(string setting, [NotNullWhen(true)] out SecretValue? value) => _bySetting.TryGetValue(setting, out value);

    /// <summary>The settings resolved, for status output.</summary>
    public IReadOnlyCollection<string> Settings => _bySetting.Keys;
}
