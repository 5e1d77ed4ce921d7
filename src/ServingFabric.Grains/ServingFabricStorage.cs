namespace ServingFabric.Grains;

/// <summary>The grain storage provider that holds router and catalog state.</summary>
public static class ServingFabricStorage
{
    /// <summary>Provider name; memory in the embedded default, Azure Table in production.</summary>
    public const string Name = "servingfabric";
}
