using System.Text.RegularExpressions;

namespace ServingFabric.Compliance.Evidence;

/// <summary>
/// Secret values written literally into configuration: storage account keys, API keys, private keys, and values given
/// to settings whose names say they are secret. The same patterns find them (SECRET-2) and redact them from the bundle's
/// copies, so a copy never carries what the check flagged.
/// </summary>
public static partial class LiteralSecrets
{
    public const string Redacted = "***REDACTED***";

    /// <summary>Each literal secret in <paramref name="text"/>: its line number and what kind it is (never the value).</summary>
    public static IEnumerable<(int Line, string Kind)> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Patterns.SelectMany(p => p.Pattern.Matches(text).Where(IsLiteral)
                .Select(m => (text.AsSpan(0, m.Index).Count('\n') + 1, p.Kind)))
            .OrderBy(x => x.Item1);
    }

    /// <summary><paramref name="text"/> with every literal secret replaced by <see cref="Redacted"/>.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (_, pattern) in Patterns)
        {
            text = pattern.Replace(text, m => IsLiteral(m) ? m.Value.Replace(m.Groups["value"].Value, Redacted, StringComparison.Ordinal) : m.Value);
        }

        return text;
    }

    // secretName, keyRef, tokenFile, ...: settings that name where a secret is, not the secret.
    private static readonly string[] ReferenceSuffixes = ["name", "ref", "file", "path", "class", "store", "provider", "version", "id", "reference", "uri", "url", "permissions", "type"];

    private static readonly string[] SecretWords = ["password", "passwd", "secret", "token", "apikey", "api_key", "connectionstring", "connection_string"];

    // Only the setting's own name counts: ServingFabric__Secrets__PollInterval is a setting of the secrets section, not a secret.
    private static bool IsLiteral(Match match)
    {
        if (match.Groups["key"] is not { Success: true } key)
        {
            return true;
        }

        var name = key.Value.Split(["__", ":", "."], StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? key.Value;
        return SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase))
            && !ReferenceSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly (string Kind, Regex Pattern)[] Patterns =
    [
        ("storage account key", AccountKey()),
        ("fabric API key", ApiKey()),
        ("private key", PrivateKey()),
        ("secret-named setting with a literal value", SecretSetting()),
        ("secret-named environment variable with a literal value", SecretEnvironmentValue()),
    ];

    [GeneratedRegex(@"AccountKey=(?<value>[A-Za-z0-9+/=]{20,})", RegexOptions.None, 1000)]
    private static partial Regex AccountKey();

    [GeneratedRegex(@"\b(?<value>sf_[A-Za-z0-9_\-]{20,})", RegexOptions.None, 1000)]
    private static partial Regex ApiKey();

    [GeneratedRegex(@"-----BEGIN (?:RSA |EC )?PRIVATE KEY-----(?<value>[A-Za-z0-9+/=\s]*)", RegexOptions.None, 1000)]
    private static partial Regex PrivateKey();

    // "password": "x", password = "x", client_secret: x — but not references (kv://, file:, ${...}, var.x) or empty values.
    [GeneratedRegex(@"(?i)\b(?<key>[\w.-]*(password|passwd|secret|token|apikey|api_key|connectionstring|connection_string)[\w.-]*)""?[ \t]*[:=][ \t]*""?(?<value>(?!kv://|file:|\$\{|var\.|data\.|azurerm_|""|\s)[^""\s,}{#]{6,})", RegexOptions.None, 1000)]
    private static partial Regex SecretSetting();

    // Kubernetes env: - name: X_PASSWORD / value: literal (on the next line).
    [GeneratedRegex(@"(?i)name:\s*(?<key>\S*(PASSWORD|SECRET|TOKEN|APIKEY|API_KEY|CONNECTIONSTRING)\S*)\s*\n\s*value:\s*""?(?<value>(?!/|kv://|file:|\$\()[^""\s]{6,})", RegexOptions.None, 1000)]
    private static partial Regex SecretEnvironmentValue();
}
