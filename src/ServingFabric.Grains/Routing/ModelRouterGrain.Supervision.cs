namespace ServingFabric.Grains.Routing;

/// <summary>
/// The supervisor's timer: while the model is loaded, each round probes the replicas, evaluates the running release,
/// unloads retired replicas whose drain has passed, and scales; the state is written once, when any of them changed it.
/// </summary>
internal sealed partial class ModelRouterGrain
{
    private IGrainTimer? _timer;

    public bool IsSupervising => _timer is not null;

    private void StartSupervisor() =>
        _timer ??= this.RegisterGrainTimer(SuperviseAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = _options.ProbeInterval,
            // Not interleaved: a round and Deploy/Unload never see each other half done. Reads interleave anyway.
            Interleave = false,
            KeepAlive = true,
        });

    private void StopSupervisor()
    {
        _timer?.Dispose();
        _timer = null;
        _supervisor.Stop();
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        if (!State.Loaded || State.Spec is not { } spec)
        {
            return;
        }

        try
        {
            var cluster = _clusterViews.Read(spec.Name);
            var dirty = await _supervisor.SuperviseAsync(spec, _releases.Versions(spec).Active, cluster);
            dirty |= await _releases.EvaluateAsync(spec, cancellationToken);
            await _releases.UnloadDueRetiredAsync();
            dirty |= await _scaler.EvaluateAsync(spec, _releases.Versions(spec).Active, cluster, cancellationToken);
            dirty |= AvailabilityDue();
            if (dirty)
            {
                await _state.WriteStateAsync(cancellationToken);
                _availabilityUnsavedSince = null;
            }

            PublishFleet(spec);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSuperviseFailed(_logger, ex, spec.Name, _options.ProbeInterval);
        }
    }
}
