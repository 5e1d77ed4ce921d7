namespace ServingFabric.Contracts.Security;

/// <summary>
/// The scopes a credential (an API key's <c>scopes</c>, a JWT's <c>scope</c>/<c>scp</c> claim) can grant; one policy
/// per endpoint group. A scope may be narrowed to model names with a pattern after a colon: <c>inference:fraud-*</c>
/// grants inference on every model whose name starts with <c>fraud-</c>; <c>inference</c> alone grants it on all.
/// </summary>
public static class FabricScopes
{
    /// <summary>Infer, model metadata and model readiness (<c>/v2/models/...</c>).</summary>
    public const string Inference = "inference";

    /// <summary>Reading the management API (<c>GET /v1/...</c>) and the repository index.</summary>
    public const string Read = "read";

    /// <summary>Changes: <c>/v1</c> writes, repository load and unload, version registration.</summary>
    public const string Manage = "manage";

    /// <summary>Fault injection (rehearsing outages), apart from <see cref="Manage"/>.</summary>
    public const string Faults = "faults";

    /// <summary>Rewarding requests other principals made (<c>POST /v1/models/{name}/feedback</c> with a <c>caller</c>).</summary>
    public const string Feedback = "feedback";

    /// <summary>Scraping <c>/metrics</c>.</summary>
    public const string Metrics = "metrics";

    /// <summary>Every scope, in the order documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Inference, Read, Manage, Faults, Feedback, Metrics];

    /// <summary>
    /// Whether <paramref name="text"/> is a scope this fabric knows: a name of <see cref="All"/>, optionally followed
    /// by <c>:</c> and a model name pattern (letters, digits, <c>. _ -</c> and <c>*</c> wildcards, at most 128 characters).
    /// </summary>
    public static bool IsValid(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        if (!All.Contains(name, StringComparer.Ordinal))
        {
            return false;
        }

        if (colon < 0)
        {
            return true;
        }

        var pattern = text.AsSpan(colon + 1);
        if (pattern.Length is 0 or > 128)
        {
            return false;
        }

        foreach (var c in pattern)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '*'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="granted"/> grants <paramref name="scope"/>, on <paramref name="model"/> when one is
    /// named (a scope narrowed to a pattern grants nothing for a call that names no model).
    /// </summary>
    public static bool Grants(IEnumerable<string> granted, string scope, string? model)
    {
        ArgumentNullException.ThrowIfNull(granted);
        ArgumentException.ThrowIfNullOrEmpty(scope);
        foreach (var entry in granted)
        {
            if (entry.Length < scope.Length || !entry.StartsWith(scope, StringComparison.Ordinal))
            {
                continue;
            }

            if (entry.Length == scope.Length)
            {
                return true;
            }

            if (entry[scope.Length] == ':' && model is not null && Matches(entry.AsSpan(scope.Length + 1), model))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Glob match where <c>*</c> stands for any run of characters (ordinal, case-sensitive like model names).</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        // Iterative glob with one backtrack point: linear in practice, no recursion a hostile pattern could deepen.
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (p < pattern.Length && pattern[p] == name[n])
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
