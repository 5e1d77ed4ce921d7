namespace ServingFabric.Grains.Catalog;

[GenerateSerializer, Alias("sf.ModelCatalogState")]
public sealed class ModelCatalogState
{
    [Id(0)]
    public SortedSet<string> Models { get; set; } = new(StringComparer.Ordinal);
}
