namespace ServingFabric.Hosting;

/// <summary>
/// Azure Table Storage for <c>ServingFabric:Silo:Clustering=AzureTable</c>: the membership table and the grain state
/// (router and catalog) live there. Bound from <c>ServingFabric:Storage</c> (env <c>ServingFabric__Storage__ConnectionString</c>).
/// </summary>
public sealed class ServingFabricStorageOptions
{
    public const string SectionName = "ServingFabric:Storage";

    /// <summary>
    /// An Azure Storage connection string, or a secret reference to one (<c>kv://vault/name</c>, <c>file:path</c>): then the
    /// account key or SAS is rotated without a restart. Default null; give this or <see cref="ConnectionStringFile"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// A file holding the connection string (the secret store: a mounted Kubernetes secret, for example
    /// <c>/var/run/secrets/servingfabric/storage</c>); read when the silo starts, surrounding whitespace ignored. Default null.
    /// </summary>
    public string? ConnectionStringFile { get; set; }

    /// <summary>Table holding the Orleans membership (silo instances). Default <c>OrleansSiloInstances</c>.</summary>
    public string ClusteringTableName { get; set; } = "OrleansSiloInstances";

    /// <summary>Table holding router and catalog grain state. Default <c>ServingFabricState</c>.</summary>
    public string GrainStateTableName { get; set; } = "ServingFabricState";

    /// <summary>The connection string itself, from the setting or the secret file.</summary>
    internal string ResolveConnectionString() =>
        !string.IsNullOrWhiteSpace(ConnectionString)
            ? ConnectionString.Trim()
            : File.ReadAllText(ConnectionStringFile ?? throw new InvalidOperationException(
                "No storage connection string: set ServingFabric:Storage:ConnectionString or ServingFabric:Storage:ConnectionStringFile.")).Trim();
}
