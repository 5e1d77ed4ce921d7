namespace ServingFabric.Hosting;

/// <summary>The values <see cref="ServingFabricSiloOptions.Clustering"/> accepts.</summary>
public static class ClusteringProviders
{
    /// <summary>One machine, in-memory state: the embedded default.</summary>
    public const string Localhost = "Localhost";

    /// <summary>Membership and grain state in Azure Table Storage (Azurite in tests).</summary>
    public const string AzureTable = "AzureTable";
}
