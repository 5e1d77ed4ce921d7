using Orleans.Runtime;
using ServingFabric.Models;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Grains.Placement;

/// <summary>
/// What placement needs to know about GPUs: whether a model asks for one (its config.json in this silo's repository),
/// whether this silo's own GPUs can take a session now (exact, from <see cref="GpuDevices"/>), and whether another
/// silo's advertised GPUs have room beside the sessions this silo believes are there (<see cref="GpuCapacity"/>).
/// </summary>
internal sealed class GpuPlacementView(IModelRepository? repository, GpuDevices? localGpus, SiloAddress? localSilo)
{
    /// <summary>The execution settings of <paramref name="model"/> when it asks for a GPU; null otherwise or when unknown.</summary>
    public ExecutionSpec? GpuExecutionOf(string model)
    {
        try
        {
            return repository?.Find(model)?.Config.Execution is { UsesGpu: true } execution ? execution : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Inference.InferenceException)
        {
            // A config.json that cannot be read now is the load's problem to report, not placement's.
            return null;
        }
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> can host a replica of <paramref name="model"/> <paramref name="version"/>
    /// (<paramref name="execution"/>): a silo that has the version's session already shares it; otherwise a GPU needs room
    /// for a new one. <paramref name="placedOn"/> gives the (model, version) sessions believed on a silo.
    /// </summary>
    public bool CanHost(PlacementCandidate candidate, IReadOnlyDictionary<string, string> metadata, string model, string version, ExecutionSpec execution,
        Func<SiloAddress, IEnumerable<(string Model, string Version)>> placedOn)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(placedOn);
        if (localGpus is not null && candidate.Silo.Equals(localSilo))
        {
            return localGpus.HasSession(model, version) || localGpus.WhyCannotHost(execution) is null;
        }

        var devices = GpuCapacity.Devices(metadata);
        if (devices.Count == 0)
        {
            return false;
        }

        var sessions = placedOn(candidate.Silo).Distinct().ToList();
        if (sessions.Contains((model, version)))
        {
            return true;
        }

        var placed = sessions.Select(p => GpuExecutionOf(p.Model)).OfType<ExecutionSpec>();
        return GpuCapacity.Fits(devices, placed, execution);
    }
}
