using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ServingFabric.Cli.Tests.Security;

/// <summary>One secret-looking value: where, which rule, and the value masked (never printed whole).</summary>
internal sealed record SecretFinding(string File, int Line, string Rule, string Masked)
{
    public override string ToString() => $"{File}:{Line}: {Rule} ({Masked})";
}

/// <summary>
/// Finds keys, tokens, passwords and private keys in the repository's committed configuration: appsettings*.json,
/// everything under deploy/, samples' configuration, .env, Terraform/HCL and compose files, and READMEs (their code
/// blocks are what people copy). Test code is out of scope: it holds fake keys on purpose (and Azurite's public
/// development key). Line by line; the first rule that matches a line reports it.
/// </summary>
internal static partial class CommittedSecretScanner
{
    /// <summary>Azurite's well-known development key: public, documented, and only accepted by the local emulator.</summary>
    private const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] SecretNameEndings = ["apikey", "password", "passwd", "secret", "accesskey", "accountkey", "token", "privatekey"];

    private static readonly string[] ConfigurationExtensions = [".json", ".yaml", ".yml", ".env", ".tf", ".tfvars", ".hcl", ".ini", ".toml", ".conf", ".properties", ".md"];

    private static readonly string[] PlaceholderWords = ["null", "none", "changeme", "change-me", "placeholder", "redacted", "example", "todo", "true", "false", "yes", "no", "~"];

    /// <summary>The folder holding ServingFabric.sln, found by walking up from the test's base directory.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServingFabric.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No ServingFabric.sln above {AppContext.BaseDirectory}; run the tests from the repository's build output.");
    }

    /// <summary>Committed files (git ls-files), relative with '/'; without git, every file but bin, obj, node_modules and .git.</summary>
    public static IReadOnlyList<string> CommittedFiles(string root) => GitFiles(root) ?? WalkFiles(root);

    /// <summary>Whether <paramref name="relativePath"/> is configuration this scan covers.</summary>
    public static bool IsConfiguration(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var segments = relativePath.Split('/');
        return (name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && extension == ".json")
            || (segments[0] == "deploy" && ConfigurationExtensions.Contains(extension))
            || (segments.Any(s => s.Equals("samples", StringComparison.OrdinalIgnoreCase)) && ConfigurationExtensions.Contains(extension))
            || name.StartsWith(".env", StringComparison.Ordinal) || extension is ".env" or ".tf" or ".tfvars" or ".hcl"
            || (name.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase) && extension is ".yml" or ".yaml")
            || (name.StartsWith("README", StringComparison.OrdinalIgnoreCase) && extension == ".md");
    }

    /// <summary>The secrets in <paramref name="text"/>, a file's content, reported under <paramref name="file"/>.</summary>
    public static IReadOnlyList<SecretFinding> Scan(string file, string text)
    {
        var findings = new List<SecretFinding>();
        var isMarkdown = file.EndsWith(".md", StringComparison.OrdinalIgnoreCase);
        var lines = text.Split('\n');
        string? pendingEnvName = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (FirstFinding(line, pendingEnvName, isMarkdown) is { } found)
            {
                findings.Add(new SecretFinding(file, i + 1, found.Rule, Mask(found.Value)));
            }

            // A Kubernetes env entry names the variable on one line and gives its value on the next.
            pendingEnvName = EnvName().Match(line) is { Success: true } env ? env.Groups["name"].Value : null;
        }

        return findings;
    }

    private static (string Rule, string Value)? FirstFinding(string line, string? pendingEnvName, bool isMarkdown)
    {
        if (ApiKey().Match(line) is { Success: true } key)
        {
            return ("fabric API key (sf_...)", key.Value);
        }

        if (PrivateKey().Match(line) is { Success: true } pem)
        {
            return ("PEM private key", pem.Value);
        }

        if (Jwt().Match(line) is { Success: true } jwt)
        {
            return ("JWT", jwt.Value);
        }

        if (AccountKey().Matches(line).FirstOrDefault(m => m.Groups["value"].Value != AzuriteAccountKey) is { } account)
        {
            return ("storage AccountKey", account.Groups["value"].Value);
        }

        if (pendingEnvName is not null && IsSecretName(pendingEnvName) && EnvValue().Match(line) is { Success: true } envValue
            && !IsPlaceholder(envValue.Groups["value"].Value))
        {
            return ($"secret setting {pendingEnvName}", envValue.Groups["value"].Value);
        }

        foreach (Match setting in Setting().Matches(line))
        {
            var value = setting.Groups["value"].Value;
            if (isMarkdown && !IsLiteralInProse(line, setting))
            {
                continue;
            }

            if (IsSecretName(setting.Groups["name"].Value) && !IsPlaceholder(value))
            {
                return ($"secret setting {setting.Groups["name"].Value}", value);
            }
        }

        return null;
    }

    /// <summary>
    /// In a README's code, <c>o.ApiKey = key</c> assigns a variable; only a quoted value, a command-line argument
    /// (<c>--Name=value</c>) or an environment assignment (<c>NAME=value</c>) is a literal there.
    /// </summary>
    private static bool IsLiteralInProse(string line, Match setting)
    {
        var value = setting.Groups["value"].Value;
        var name = setting.Groups["name"].Value;
        return value[0] is '"' or '\''
            || line.AsSpan(0, setting.Index).EndsWith("--", StringComparison.Ordinal)
            || (name.Any(char.IsAsciiLetterUpper) && !name.Any(char.IsAsciiLetterLower));
    }

    /// <summary>A name whose last part (after ':', '.', or '__') ends like a secret: ApiKey, AdminApiKey, FABRIC_API_KEY, Password, ClientSecret, ...</summary>
    private static bool IsSecretName(string name)
    {
        var last = name.Split([":", ".", "__"], StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? name;
        var normalized = last.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        return SecretNameEndings.Any(ending => normalized.EndsWith(ending, StringComparison.Ordinal));
    }

    /// <summary>
    /// Empty, a reference ($VAR, ${VAR}, {{ template }}, &lt;your key&gt;, a secret store's kv://vault/name or file:path),
    /// a path, a switch, or a word that says "fill me in".
    /// </summary>
    private static bool IsPlaceholder(string raw)
    {
        var value = raw.Trim().Trim('"', '\'').Trim();
        return value.Length == 0
            || ServingFabric.Contracts.Security.Secrets.SecretReference.TryParse(value, out _, out _)
            || value[0] is '$' or '<' or '{' or '[' or '%' or '/' or '~' or '('
            || value.StartsWith("#{", StringComparison.Ordinal)
            || value.StartsWith("./", StringComparison.Ordinal)
            || value == AzuriteAccountKey
            || PlaceholderWords.Contains(value.ToLowerInvariant())
            || value.All(c => c is 'x' or 'X' or '*' or '.' or '-' or '_');
    }

    private static string Mask(string value)
    {
        var clean = value.Trim().Trim('"', '\'');
        return clean.Length <= 6 ? $"{clean.Length} characters" : $"{clean[..6]}... {clean.Length} characters";
    }

    private static List<string>? GitFiles(string root)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", root, "ls-files", "-z"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return null;
            }

            var errors = git.StandardError.ReadToEndAsync();
            var listing = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            _ = errors.Result;
            return git.ExitCode == 0 ? [.. listing.Split('\0', StringSplitOptions.RemoveEmptyEntries)] : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine: walk the tree instead.
            return null;
        }
    }

    private static List<string> WalkFiles(string root)
    {
        string[] skipped = ["bin", "obj", "node_modules", ".git"];
        var files = new List<string>();
        var folders = new Stack<string>([root]);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            files.AddRange(Directory.EnumerateFiles(folder).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')));
            foreach (var child in Directory.EnumerateDirectories(folder).Where(d => !skipped.Contains(Path.GetFileName(d))))
            {
                folders.Push(child);
            }
        }

        return files;
    }

    [GeneratedRegex("sf_[0-9a-f]{16}_[A-Za-z0-9_-]{43}")]
    private static partial Regex ApiKey();

    [GeneratedRegex("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex("AccountKey=(?<value>[A-Za-z0-9+/=]{20,})", RegexOptions.IgnoreCase)]
    private static partial Regex AccountKey();

    /// <summary>name: value, name = value, "name": "value", --name=value; the value quoted or up to a blank, comma, semicolon or #.</summary>
    [GeneratedRegex(@"(?<![\w.:])[""']?(?<name>[A-Za-z_][\w.:-]*)[""']?\s*[:=]\s*(?<value>""[^""]*""|'[^']*'|[^\s#,;]+)")]
    private static partial Regex Setting();

    [GeneratedRegex(@"^\s*-?\s*name:\s*[""']?(?<name>[A-Za-z_][\w.:-]*)[""']?\s*$")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"^\s*value:\s*(?<value>.*?)\s*$")]
    private static partial Regex EnvValue();
}
