namespace ServingFabric.Compliance.Evidence;

/// <summary>What the deployment files given with <c>--deploy</c> say.</summary>
/// <param name="Manifests">Kubernetes objects: the rendered overlay where <c>kubectl kustomize</c> could render it, else every manifest file.</param>
/// <param name="AlertRules">Alerting rules by name, from Prometheus rules files and <c>PrometheusRule</c> objects.</param>
/// <param name="Dashboards">Grafana dashboards (file and panel count).</param>
/// <param name="Terraform">Terraform files, by path under the deploy folder.</param>
/// <param name="JudgedFiles">Every file read, by path under the deploy folder, for the bundle's copy (redacted there).</param>
public sealed record DeploymentEvidence(
    Sourced<IReadOnlyList<ManifestDocument>> Manifests,
    Sourced<IReadOnlyList<AlertRule>> AlertRules,
    Sourced<IReadOnlyList<DashboardFile>> Dashboards,
    Sourced<IReadOnlyDictionary<string, string>> Terraform,
    IReadOnlyDictionary<string, string> JudgedFiles)
{
    /// <summary>How the manifests were obtained, such as <c>kubectl kustomize kubernetes/overlays/production</c>.</summary>
    public string ManifestOrigin { get; init; } = "";
}

/// <summary>An alerting rule: its name, expression and file.</summary>
public sealed record AlertRule(string Name, string Expression, string File);

/// <summary>A dashboard file and how many panels it draws.</summary>
public sealed record DashboardFile(string File, string Title, int Panels);
