using k8s;
using k8s.Models;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// Typed schemas of the custom resources the manifests use, holding only the fields their operators define that the
/// manifests may set (KEDA 2.x, Prometheus Operator v1, Secrets Store CSI driver v1): a field not here is an error.
/// </summary>
internal static class CustomResources
{
    public abstract class Resource : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public V1ObjectMeta Metadata { get; set; } = new();
    }

    public sealed class ScaledObject : Resource
    {
        public ScaledObjectSpec Spec { get; set; } = new();
    }

    public sealed class ScaledObjectSpec
    {
        public ScaleTarget ScaleTargetRef { get; set; } = new();

        public int? MinReplicaCount { get; set; }

        public int? MaxReplicaCount { get; set; }

        public int? IdleReplicaCount { get; set; }

        public int? PollingInterval { get; set; }

        public int? CooldownPeriod { get; set; }

        public ScaledObjectAdvanced? Advanced { get; set; }

        public List<ScaleTrigger> Triggers { get; set; } = [];
    }

    public sealed class ScaleTarget
    {
        public string? ApiVersion { get; set; }

        public string? Kind { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class ScaledObjectAdvanced
    {
        public bool? RestoreToOriginalReplicaCount { get; set; }

        public HpaConfig? HorizontalPodAutoscalerConfig { get; set; }
    }

    public sealed class HpaConfig
    {
        public string? Name { get; set; }

        public V2HorizontalPodAutoscalerBehavior? Behavior { get; set; }
    }

    public sealed class ScaleTrigger
    {
        public string Type { get; set; } = "";

        public string? Name { get; set; }

        public string? MetricType { get; set; }

        public bool? UseCachedMetrics { get; set; }

        public Dictionary<string, string> Metadata { get; set; } = [];
    }

    public sealed class PodMonitor : Resource
    {
        public PodMonitorSpec Spec { get; set; } = new();
    }

    public sealed class PodMonitorSpec
    {
        public string? JobLabel { get; set; }

        public List<string>? PodTargetLabels { get; set; }

        public V1LabelSelector Selector { get; set; } = new();

        public NamespaceSelector? NamespaceSelector { get; set; }

        public List<PodMetricsEndpoint> PodMetricsEndpoints { get; set; } = [];
    }

    public sealed class NamespaceSelector
    {
        public bool? Any { get; set; }

        public List<string>? MatchNames { get; set; }
    }

    public sealed class PodMetricsEndpoint
    {
        public string? Port { get; set; }

        public string? Path { get; set; }

        public string? Scheme { get; set; }

        public string? Interval { get; set; }

        public string? ScrapeTimeout { get; set; }

        public bool? HonorLabels { get; set; }

        public List<RelabelConfig>? Relabelings { get; set; }

        public List<RelabelConfig>? MetricRelabelings { get; set; }
    }

    public sealed class RelabelConfig
    {
        public List<string>? SourceLabels { get; set; }

        public string? Separator { get; set; }

        public string? TargetLabel { get; set; }

        public string? Regex { get; set; }

        public string? Replacement { get; set; }

        public string? Action { get; set; }

        public long? Modulus { get; set; }
    }

    public sealed class SecretProviderClass : Resource
    {
        public SecretProviderClassSpec Spec { get; set; } = new();
    }

    public sealed class SecretProviderClassSpec
    {
        public string Provider { get; set; } = "";

        public Dictionary<string, string> Parameters { get; set; } = [];

        public List<V1Secret>? SecretObjects { get; set; }
    }
}
