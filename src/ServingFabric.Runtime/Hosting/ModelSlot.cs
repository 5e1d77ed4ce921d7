namespace ServingFabric.Runtime.Hosting;

/// <summary>One model version's place in a <see cref="ModelHost"/>: its shared load and who holds it. Guarded by the host's lock.</summary>
internal sealed class ModelSlot(string modelName, string version)
{
    public string ModelName { get; } = modelName;

    public string Version { get; } = version;

    public (string, string) Key => (ModelName, Version);

    /// <summary>The one load every acquirer awaits.</summary>
    public Task<LoadedModel> Load { get; set; } = null!;

    /// <summary>When the load began (a <see cref="TimeProvider"/> timestamp of the host's clock).</summary>
    public long LoadStarted { get; set; }

    public int Leases { get; set; }

    /// <summary>Set once when the last lease goes; later releases await the same unload.</summary>
    public Task? Unload { get; set; }
}
