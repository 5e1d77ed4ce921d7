namespace ServingFabric.Releases;

/// <summary>Who asked for a change and why; recorded in the change's event.</summary>
/// <param name="Who">The operator (from the authenticated caller or the x-fabric-actor header), or "fabric" for automatic decisions.</param>
/// <param name="Why">The reason given, or what the policy decided and on which numbers.</param>
[GenerateSerializer, Immutable, Alias("sf.ChangeAuthor")]
public sealed record ChangeAuthor([property: Id(0)] string Who, [property: Id(1)] string Why)
{
    /// <summary>The fabric itself (a controller's decision).</summary>
    public static ChangeAuthor Fabric(string why) => new("fabric", why);
}
