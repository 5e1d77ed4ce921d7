namespace ServingFabric.Grains.Deployment;

/// <summary>How models are deployed from the repository. Bound from <c>ServingFabric:Deployment</c>.</summary>
public sealed class ModelDeploymentOptions
{
    public const string SectionName = "ServingFabric:Deployment";

    /// <summary>
    /// Replicas per version for a model whose config.json has no <c>replicas</c>. Default 1 (the embedded default,
    /// one silo); set 3 in production so that every version survives the loss of a zone.
    /// </summary>
    public int DefaultMinReplicas { get; set; } = 1;
}
