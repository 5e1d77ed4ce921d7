using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ServingFabric.Tests.Shared;

/// <summary>One PromQL target of a dashboard panel, as written (with Grafana's template variables).</summary>
internal sealed record DashboardQuery(string Dashboard, string Panel, string RefId, string Expr)
{
    /// <summary>The expression with every template variable replaced by <see cref="GrafanaDashboards.TestValues"/>.</summary>
    public string Substituted => GrafanaDashboards.Substitute(Expr);

    /// <summary>The expression with <paramref name="overrides"/> taking precedence over the test values.</summary>
    public string SubstitutedWith(IReadOnlyDictionary<string, string> overrides) => GrafanaDashboards.Substitute(Expr, overrides);

    public override string ToString() => $"{Dashboard} / {Panel} / {RefId}: {Substituted}";
}

/// <summary>
/// The Grafana dashboards of deploy/monitoring/dashboards, read as JSON: their panels' queries with the template
/// variables replaced by values a test's fabric really has, and the metric names each query reads.
/// </summary>
internal static partial class GrafanaDashboards
{
    /// <summary>
    /// What each variable becomes in a test: the sample model <c>iris</c> and its version 1; every silo (a regex, as
    /// Grafana's "All" sends it); Grafana's own interval variables as a dashboard over the last hour would set them.
    /// A variable missing here fails <see cref="Substitute"/>, so a new one cannot slip past the checks.
    /// </summary>
    public static IReadOnlyDictionary<string, string> TestValues { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["model"] = "iris",
        ["version"] = "1",
        ["silo"] = ".+",
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__range"] = "1h",
    };

    // Series that Prometheus itself makes for every target, not the silo.
    private static readonly HashSet<string> ScrapeSeries = new(StringComparer.Ordinal) { "up" };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan",
    };

    public static string Folder(string repositoryRoot) => Path.Combine(repositoryRoot, "deploy", "monitoring", "dashboards");

    /// <summary>Every dashboard file, by file name (overview.json ...), parsed.</summary>
    public static IReadOnlyList<(string File, JsonObject Json)> Load(string repositoryRoot) =>
        Directory.GetFiles(Folder(repositoryRoot), "*.json").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), JsonNode.Parse(File.ReadAllText(path))!.AsObject()))
            .ToList();

    public static IEnumerable<JsonObject> Panels(JsonObject dashboard) =>
        dashboard["panels"]!.AsArray().Select(p => p!.AsObject());

    public static IReadOnlyList<DashboardQuery> Queries(string repositoryRoot, string? file = null) =>
        Load(repositoryRoot).Where(d => file is null || d.File == file)
            .SelectMany(d => Panels(d.Json).SelectMany(p => (p["targets"]?.AsArray() ?? []).Select(t => new DashboardQuery(
                d.File, (string?)p["title"] ?? "", (string?)t!["refId"] ?? "", (string?)t["expr"] ?? ""))))
            .ToList();

    /// <summary>The metrics the template variables list their values from (<c>label_values(metric{...}, label)</c>).</summary>
    public static IEnumerable<string> VariableMetrics(JsonObject dashboard) =>
        dashboard["templating"]!["list"]!.AsArray()
            .Select(v => (string?)v!["definition"])
            .Select(definition => definition is null ? null : LabelValuesMetric().Match(definition))
            .Where(m => m is { Success: true })
            .Select(m => m!.Groups[1].Value);

    public static string Substitute(string expr, IReadOnlyDictionary<string, string>? overrides = null) => Variable().Replace(expr, m =>
        (overrides?.GetValueOrDefault(m.Groups[1].Value) ?? TestValues.GetValueOrDefault(m.Groups[1].Value)) is { } value
            ? value
            : throw new KeyNotFoundException($"dashboard variable ${m.Groups[1].Value} has no test value: add it to GrafanaDashboards.TestValues"));

    /// <summary>
    /// The metric names an expression reads: what is left once strings, label matchers, ranges and grouping clauses are
    /// removed, minus functions (a name before '('), keywords and numbers. Histogram series keep their suffix.
    /// </summary>
    public static IReadOnlySet<string> MetricNames(string expr)
    {
        var bare = Strings().Replace(Substitute(expr), "");
        bare = Matchers().Replace(bare, "");
        bare = Ranges().Replace(bare, "");
        bare = Groupings().Replace(bare, "");
        return Identifier().Matches(bare).Select(m => m.Value).Where(n => !Keywords.Contains(n.ToLowerInvariant())).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The family a series belongs to: a histogram's _bucket, _sum and _count share the histogram's name.</summary>
    public static string Family(string name) => HistogramSuffix().Replace(name, "");

    /// <summary>Recorded series (level:metric:operations) come from the rules, not from a silo.</summary>
    public static bool IsRecorded(string name) => name.Contains(':', StringComparison.Ordinal);

    public static bool IsMadeByPrometheus(string name) => ScrapeSeries.Contains(name);

    [GeneratedRegex(@"\$\{?(\w+)\}?")]
    private static partial Regex Variable();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Groupings();

    [GeneratedRegex(@"(?<![\w:.])(?>[a-zA-Z_:][\w:]*)(?!\s*\()")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"label_values\(\s*([a-zA-Z_:][\w:]*)")]
    private static partial Regex LabelValuesMetric();

    [GeneratedRegex("_(?:bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
