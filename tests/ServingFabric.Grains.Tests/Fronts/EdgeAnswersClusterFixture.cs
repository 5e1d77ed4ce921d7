namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>
/// The response cache cluster with fronts that trust their routing table for ten minutes, so what a front publishes
/// to the gateway's <see cref="Fronts.EdgeAnswers"/> stays fresh for a whole test.
/// </summary>
public sealed class EdgeAnswersClusterFixture() : ResponseCacheClusterFixture(TimeSpan.FromMinutes(10));

[CollectionDefinition(Name)]
public sealed class EdgeAnswersClusterCollection : ICollectionFixture<EdgeAnswersClusterFixture>
{
    public const string Name = "edge answers cluster";
}
