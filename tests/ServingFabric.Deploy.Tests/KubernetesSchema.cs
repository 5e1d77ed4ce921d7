using k8s;
using YamlDotNet.Core;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// Every object must deserialize into its typed model with unknown fields as errors: the <c>KubernetesClient</c>
/// package's models (<c>k8s.Models</c>, the API server's own schema) for built-in kinds, <see cref="CustomResources"/>
/// for the custom resources the manifests use. A misspelled or misplaced field, which kubectl kustomize renders without
/// a word and the API server would drop or refuse, is reported with the object it is in.
/// </summary>
internal static class KubernetesSchema
{
    /// <summary>Custom resources left to another check: PrometheusRule's rules are checked and unit-tested by promtool (MonitoringRulesTests).</summary>
    public static readonly IReadOnlySet<string> Unchecked = new HashSet<string>(StringComparer.Ordinal) { "monitoring.coreos.com/v1/PrometheusRule" };

    private static readonly Dictionary<string, Type> CustomTypes = new(StringComparer.Ordinal)
    {
        ["keda.sh/v1alpha1/ScaledObject"] = typeof(CustomResources.ScaledObject),
        ["monitoring.coreos.com/v1/PodMonitor"] = typeof(CustomResources.PodMonitor),
        ["secrets-store.csi.x-k8s.io/v1/SecretProviderClass"] = typeof(CustomResources.SecretProviderClass),
    };

    /// <summary>What does not fit the schema, one line per object; empty when every object fits.</summary>
    public static IEnumerable<string> Violations(string yaml, string source)
    {
        foreach (var document in Documents(yaml))
        {
            var header = Yaml.Documents(document, source).Single();
            var type = $"{header.Text("apiVersion")}/{header.Kind()}";
            if (Unchecked.Contains(type))
            {
                continue;
            }

            string? failure;
            try
            {
                var loaded = KubernetesYaml.LoadAllFromString(document, CustomTypes, strict: true);
                failure = loaded.Count == 1 && loaded[0] is not null ? null : $"loaded {loaded.Count} objects";
            }
            catch (YamlException ex)
            {
                failure = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException)
            {
                failure = ex.Message;
            }

            if (failure is not null)
            {
                yield return $"{source}: {type} {header.Name()}: {failure}";
            }
        }
    }

    // One text per document: each object is checked on its own, so one mistake does not hide the rest.
    private static IEnumerable<string> Documents(string yaml) =>
        yaml.ReplaceLineEndings("\n").Split("\n---\n").Select(d => d.TrimStart('-', '\n')).Where(d => d.Trim().Length > 0);
}
