namespace ServingFabric.Hosting;

/// <summary>The silo's cluster settings. Bound from <c>ServingFabric:Silo</c>.</summary>
public sealed class ServingFabricSiloOptions
{
    public const string SectionName = "ServingFabric:Silo";

    /// <summary>Clustering provider: <c>Localhost</c> (default: one machine, in-memory state).</summary>
    public string Clustering { get; set; } = "Localhost";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for Orleans clients (the .NET SDK's Orleans transport). Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Orleans cluster id. Default <c>servingfabric</c>.</summary>
    public string ClusterId { get; set; } = "servingfabric";

    /// <summary>Orleans service id (keeps state apart between deployments). Default <c>servingfabric</c>.</summary>
    public string ServiceId { get; set; } = "servingfabric";

    /// <summary>How long a SIGTERM may take: drain delay, requests in flight, then Orleans' own shutdown. Default 60 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
