namespace ServingFabric.Runtime.Hosting;

/// <summary>One model version's place in a <see cref="ModelHost"/>: its shared load and who holds it. Guarded by the host's lock.</summary>
internal sealed class ModelSlot(string modelName, string version)
{
    public string ModelName { get; } = modelName;

    public string Version { get; } = version;

    public (string, string) Key => (ModelName, Version);

    /// <summary>The one load every acquirer awaits.</summary>
    public Task<LoadedModel> Load { get; set; } = null!;

    public int Leases { get; set; }

    /// <summary>When the load began (the host's clock), for readiness.</summary>
    public long LoadStarted { get; init; }

    /// <summary>Set once when the last lease goes; later releases await the same unload.</summary>
    public Task? Unload { get; set; }
}
