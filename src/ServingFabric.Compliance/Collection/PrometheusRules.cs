using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Collection;

/// <summary>The alerting rules of a Prometheus rules document (<c>groups[].rules[].alert</c>), as files and PrometheusRule specs write them.</summary>
internal static class PrometheusRules
{
    public static IEnumerable<AlertRule> Alerts(YamlDotNet.RepresentationModel.YamlNode? document, string file) =>
        document.ItemsAt("groups").SelectMany(g => g.ItemsAt("rules"))
            .Where(r => r.TextAt("alert") is not null)
            .Select(r => new AlertRule(r.TextAt("alert")!, r.TextAt("expr") ?? "", file));
}
