using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServingFabric.Deploy.Tests.Terraform;

/// <summary>One block of a Terraform configuration: a resource, variable, output; where it is and its body as JSON.</summary>
internal sealed record TerraformBlock(string File, string Type, string Name, JsonElement Body)
{
    public override string ToString() => Type.Length == 0 ? $"{File}: {Name}" : $"{File}: {Type}.{Name}";
}

/// <summary>
/// A Terraform folder parsed offline by hcl-to-json.mjs (@cdktf/hcl2json under node; no terraform binary, no providers).
/// Attributes are JSON values; expressions stay strings such as <c>${var.zones}</c>, which <see cref="Resolve"/> follows
/// to a variable's default or a local's value.
/// </summary>
internal sealed partial class TerraformConfiguration
{
    private readonly Dictionary<string, JsonElement> files;

    private TerraformConfiguration(Dictionary<string, JsonElement> files) => this.files = files;

    public static string Script { get; } = Path.Combine(RepositoryPaths.Root, "tests", "ServingFabric.Deploy.Tests", "Terraform", "hcl-to-json.mjs");

    public IReadOnlyCollection<string> Files => files.Keys;

    /// <summary>Parses every .tf file of <paramref name="folder"/>; a file that does not parse fails with its name and why.</summary>
    public static TerraformConfiguration Load(string folder)
    {
        var node = FindOnPath("node") ?? throw new InvalidOperationException("node is not on the PATH: the Terraform tests parse HCL with @cdktf/hcl2json under Node.js (tests/run.sh installs it with npm ci in tests/)");
        var start = new ProcessStartInfo(node, [Script, folder]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {node}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"parsing {folder} ran over 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{folder} does not parse as HCL (exit {process.ExitCode}): {errors.Result}");
        }

        using var document = JsonDocument.Parse(output.Result);
        return new(document.RootElement.EnumerateObject().ToDictionary(f => f.Name, f => f.Value.Clone()));
    }

    /// <summary>Every <c>resource "type" "name"</c> (or <c>data</c> with <paramref name="kind"/> "data").</summary>
    public IEnumerable<TerraformBlock> Resources(string? type = null, string kind = "resource") =>
        from file in files
        where file.Value.TryGetProperty(kind, out _)
        from byType in file.Value.GetProperty(kind).EnumerateObject()
        where type is null || byType.Name == type
        from byName in byType.Value.EnumerateObject()
        from body in byName.Value.EnumerateArray()
        select new TerraformBlock(file.Key, byType.Name, byName.Name, body);

    public IEnumerable<TerraformBlock> Variables() => Named("variable");

    public IEnumerable<TerraformBlock> Outputs() => Named("output");

    /// <summary>The <c>terraform { }</c> blocks.</summary>
    public IEnumerable<JsonElement> Settings() => files.Values.Where(f => f.TryGetProperty("terraform", out _)).SelectMany(f => f.GetProperty("terraform").EnumerateArray());

    public JsonElement? Local(string name) =>
        files.Values.Where(f => f.TryGetProperty("locals", out _)).SelectMany(f => f.GetProperty("locals").EnumerateArray())
            .Where(l => l.TryGetProperty(name, out _)).Select(l => (JsonElement?)l.GetProperty(name)).FirstOrDefault();

    public JsonElement? Default(string variable) =>
        Variables().Where(v => v.Name == variable && v.Body.TryGetProperty("default", out _)).Select(v => (JsonElement?)v.Body.GetProperty("default")).FirstOrDefault();

    /// <summary>
    /// The value an attribute has with every variable at its default: <c>${var.x}</c> and <c>${local.y}</c> alone are
    /// replaced by their value, and inside a string by its text. Null where something else (a resource attribute, a
    /// function) decides it.
    /// </summary>
    public JsonElement? Resolve(JsonElement? value, int depth = 0)
    {
        if (value is not { ValueKind: JsonValueKind.String } text || depth > 8)
        {
            return value;
        }

        var whole = Reference().Match(text.GetString()!);
        if (whole.Success && whole.Length == text.GetString()!.Length)
        {
            return Resolve(Lookup(whole), depth + 1);
        }

        var resolved = Reference().Replace(text.GetString()!, m => Resolve(Lookup(m), depth + 1) is { ValueKind: JsonValueKind.String or JsonValueKind.Number } v ? v.ToString() : m.Value);
        return resolved.Contains("${", StringComparison.Ordinal) ? null : JsonSerializer.SerializeToElement(resolved);
    }

    /// <summary>The string <see cref="Resolve"/> gives, or null.</summary>
    public string? ResolveText(JsonElement? value) => Resolve(value) is { ValueKind: JsonValueKind.String } text ? text.GetString() : Resolve(value)?.ToString();

    private JsonElement? Lookup(Match reference) => reference.Groups["kind"].Value == "var" ? Default(reference.Groups["name"].Value) : Local(reference.Groups["name"].Value);

    private IEnumerable<TerraformBlock> Named(string kind) =>
        from file in files
        where file.Value.TryGetProperty(kind, out _)
        from byName in file.Value.GetProperty(kind).EnumerateObject()
        from body in byName.Value.EnumerateArray()
        select new TerraformBlock(file.Key, "", byName.Name, body);

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"\$\{(?<kind>var|local)\.(?<name>[A-Za-z_][\w-]*)\}")]
    private static partial Regex Reference();
}
