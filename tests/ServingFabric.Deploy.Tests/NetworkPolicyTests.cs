using System.Net;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// The production overlay's rendered NetworkPolicies, evaluated for every flow that matters: exactly what is intended
/// is allowed, everything else is denied.
/// </summary>
public sealed class NetworkPolicyTests
{
    private const int Http = 8080;
    private const int SiloPort = 11111;
    private const int OrleansGateway = 30000;

    private static readonly Lazy<NetworkPolicyEvaluator> Production = new(() => new NetworkPolicyEvaluator(Kustomize.Render("overlays/production")));

    private static readonly Dictionary<string, int> SiloPorts = new() { ["http"] = Http, ["silo"] = SiloPort, ["orleans-gateway"] = OrleansGateway };

    private static readonly Endpoint Silo = Pod("servingfabric", SiloPorts, ("app.kubernetes.io/name", "servingfabric"), ("app.kubernetes.io/component", "silo"), ("servingfabric.io/zone", ProductionParameters.Committed.Zones[0]));
    private static readonly Endpoint OtherZoneSilo = Pod("servingfabric", SiloPorts, ("app.kubernetes.io/name", "servingfabric"), ("app.kubernetes.io/component", "silo"), ("servingfabric.io/zone", ProductionParameters.Committed.Zones[1]));
    private static readonly Endpoint IngressController = PodIn("ingress-nginx", [], ("app", "ingress-nginx"));
    private static readonly Endpoint ClientInLabelledNamespace = PodIn("shop", [("servingfabric.io/client", "true")], ("app", "checkout"));
    private static readonly Endpoint ClientInOtherNamespace = PodIn("marketing", [], ("app", "campaigns"));
    private static readonly Endpoint OrleansClient = PodIn("batch", [], ("servingfabric.io/orleans-client", "true"));
    private static readonly Endpoint UnlabelledPodInBatch = PodIn("batch", [], ("app", "etl"));
    private static readonly Endpoint OtherPodInFabricNamespace = Pod("servingfabric", new Dictionary<string, int>(), ("app", "debug-shell"));
    private static readonly Endpoint Prometheus = PodIn("monitoring", [], ("app.kubernetes.io/name", "prometheus"));
    private static readonly Endpoint KubeDns = PodIn("kube-system", [], ("k8s-app", "kube-dns"));
    private static readonly Endpoint PrivateEndpoint = External("10.250.0.17");
    private static readonly Endpoint Internet = External("20.60.40.4");

    [Fact]
    public void Gateway_FromIngressControllerAndLabelledClientNamespaces_AllowedOthersDenied()
    {
        var policies = Production.Value;

        Assert.True(policies.Allows(IngressController, Silo, Http));
        Assert.True(policies.Allows(ClientInLabelledNamespace, Silo, Http));
        Assert.False(policies.Allows(ClientInOtherNamespace, Silo, Http));
        Assert.False(policies.Allows(OtherPodInFabricNamespace, Silo, Http));
        Assert.False(policies.Allows(IngressController, Silo, SiloPort));
        Assert.False(policies.Allows(IngressController, Silo, OrleansGateway));
        Assert.False(policies.Allows(ClientInLabelledNamespace, Silo, SiloPort));
    }

    [Fact]
    public void OrleansClientPort_OnlyFromLabelledClientPods()
    {
        var policies = Production.Value;

        Assert.True(policies.Allows(OrleansClient, Silo, OrleansGateway));
        Assert.False(policies.Allows(UnlabelledPodInBatch, Silo, OrleansGateway));
        Assert.False(policies.Allows(ClientInLabelledNamespace, Silo, OrleansGateway));
        Assert.False(policies.Allows(OrleansClient, Silo, SiloPort));
    }

    [Fact]
    public void SiloPort_BetweenSilosAcrossZones_AllowedBothWaysAndFromNothingElse()
    {
        var policies = Production.Value;

        Assert.True(policies.Allows(Silo, OtherZoneSilo, SiloPort));
        Assert.True(policies.Allows(OtherZoneSilo, Silo, SiloPort));
        Assert.False(policies.Allows(OtherPodInFabricNamespace, Silo, SiloPort));
        Assert.False(policies.Allows(Silo, OtherZoneSilo, Http));
        Assert.False(policies.Allows(Silo, OtherZoneSilo, SiloPort, "UDP"));
    }

    [Fact]
    public void Metrics_FromMonitoringNamespaceOnly()
    {
        var policies = Production.Value;

        Assert.True(policies.Allows(Prometheus, Silo, Http));
        Assert.False(policies.Allows(Prometheus, Silo, SiloPort));
        Assert.False(policies.Allows(Prometheus, Silo, OrleansGateway));
    }

    [Fact]
    public void Egress_DnsAndAzurePrivateEndpointsOnly()
    {
        var policies = Production.Value;

        Assert.True(policies.Allows(Silo, KubeDns, 53, "UDP"));
        Assert.True(policies.Allows(Silo, KubeDns, 53, "TCP"));
        Assert.True(policies.Allows(Silo, PrivateEndpoint, 443));
        Assert.False(policies.Allows(Silo, PrivateEndpoint, 80));
        Assert.False(policies.Allows(Silo, Internet, 443));
        Assert.False(policies.Allows(Silo, IngressController, 80));
        Assert.False(policies.Allows(Silo, Prometheus, 9090));
    }

    [Fact]
    public void DefaultDeny_OtherPodsOfTheNamespace_NeitherReachedNorReaching()
    {
        var policies = Production.Value;

        Assert.False(policies.Allows(IngressController, OtherPodInFabricNamespace, Http));
        Assert.False(policies.Allows(OtherPodInFabricNamespace, Internet, 443));
        Assert.False(policies.Allows(OtherPodInFabricNamespace, KubeDns, 53, "UDP"));
    }

    [Theory]
    [InlineData("overlays/small")]
    [InlineData("overlays/keda")]
    [InlineData("overlays/production-keda")]
    [InlineData("overlays/production-keyvault-csi")]
    [InlineData("overlays/production-keyvault-direct")]
    public void Overlay_RendersTheSamePolicies(string overlay)
    {
        var names = Kustomize.Render(overlay).Where(d => d.Kind() == "NetworkPolicy").Select(d => d.Name()).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["servingfabric-default-deny", "servingfabric-gateway-ingress", "servingfabric-metrics", "servingfabric-orleans-clients", "servingfabric-silo-egress", "servingfabric-silo-mesh"],
            names);
    }

    [Fact]
    public void Evaluator_PodSelectedByNoPolicy_Unrestricted()
    {
        var none = new NetworkPolicyEvaluator([]);

        Assert.True(none.Allows(ClientInOtherNamespace, Silo, SiloPort));
    }

    private static Endpoint Pod(string ns, IReadOnlyDictionary<string, int> ports, params (string Key, string Value)[] labels) =>
        new(ns, labels.ToDictionary(l => l.Key, l => l.Value), new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = ns }, ports);

    private static Endpoint PodIn(string ns, (string Key, string Value)[] namespaceLabels, params (string Key, string Value)[] labels) =>
        new(ns, labels.ToDictionary(l => l.Key, l => l.Value),
            namespaceLabels.Append(("kubernetes.io/metadata.name", ns)).ToDictionary(l => l.Item1, l => l.Item2), new Dictionary<string, int>());

    private static Endpoint External(string address) =>
        new("", new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, int>(), IPAddress.Parse(address));
}
