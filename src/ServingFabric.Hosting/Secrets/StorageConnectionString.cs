namespace ServingFabric.Hosting.Secrets;

/// <summary>
/// The parts of an Azure Storage connection string that the table clients need: the table endpoint, the account and
/// either the account key or a SAS token. Parsed here (not by the SDK) so the credential can be kept and swapped.
/// Errors never quote the string.
/// </summary>
internal sealed record StorageConnectionString(Uri TableEndpoint, string AccountName, string? AccountKey, string? SharedAccessSignature)
{
    /// <summary>Azurite's well-known development account (public, documented by Microsoft).</summary>
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Parses a connection string; <see cref="FormatException"/> says which part is missing, never the value.</summary>
    public static StorageConnectionString Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException("a connection string part is not key=value");
            }

            parts[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageConnectionString(new Uri($"http://127.0.0.1:10002/{DevelopmentAccount}"), DevelopmentAccount, DevelopmentKey, null);
        }

        var key = parts.GetValueOrDefault("AccountKey");
        var sas = parts.GetValueOrDefault("SharedAccessSignature");
        if (string.IsNullOrEmpty(key) == string.IsNullOrEmpty(sas))
        {
            throw new FormatException("a connection string needs exactly one of AccountKey and SharedAccessSignature");
        }

        Uri endpoint;
        if (parts.TryGetValue("TableEndpoint", out var tableEndpoint))
        {
            if (!Uri.TryCreate(tableEndpoint, UriKind.Absolute, out endpoint!) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new FormatException("the connection string's TableEndpoint is not an http(s) URL");
            }
        }
        else
        {
            var account = parts.GetValueOrDefault("AccountName") ?? throw new FormatException("the connection string has neither TableEndpoint nor AccountName");
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol") ?? "https";
            var suffix = parts.GetValueOrDefault("EndpointSuffix") ?? "core.windows.net";
            endpoint = new Uri($"{protocol}://{account}.table.{suffix}");
        }

        var name = parts.GetValueOrDefault("AccountName");
        if (key is not null && string.IsNullOrEmpty(name))
        {
            throw new FormatException("a connection string with AccountKey needs AccountName");
        }

        if (key is not null && !IsBase64(key))
        {
            throw new FormatException("the connection string's AccountKey is not base64");
        }

        return new StorageConnectionString(endpoint, name ?? "", key, sas);
    }

    /// <summary>Whether <paramref name="next"/> can replace this one in live clients: same endpoint, account and kind of credential.</summary>
    public bool SameTarget(StorageConnectionString next) =>
        next.TableEndpoint == TableEndpoint
        && string.Equals(next.AccountName, AccountName, StringComparison.Ordinal)
        && (next.AccountKey is null) == (AccountKey is null);

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    /// <summary>Names the endpoint and account only.</summary>
    public override string ToString() => $"{TableEndpoint} ({AccountName}, {(AccountKey is null ? "SAS" : "account key")})";
}
