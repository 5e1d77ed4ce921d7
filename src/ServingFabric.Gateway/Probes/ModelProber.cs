using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Gateway.Operator;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Telemetry;

namespace ServingFabric.Gateway.Probes;

/// <summary>
/// The synthetic canary: every <see cref="GatewayOptions.ProbeInterval"/> this silo sends each model's probe request
/// (config.json <c>probe</c>) through the model's front, as any request goes, and reports the result to the model's
/// router (its probe view of availability) and to <c>servingfabric_probe_requests_total</c> /
/// <c>servingfabric_probe_duration_seconds</c>. A probe is good when answered within the model's latency objective.
/// Failures are logged once per episode, with the recovery.
/// </summary>
internal sealed partial class ModelProber : BackgroundService
{
    private readonly IGrainFactory _grains;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelProber> _logger;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly string _caller = ProbeCaller.Of(SiloName.Current);
    private readonly ConcurrentDictionary<string, ProbeTarget> _targets = new(StringComparer.Ordinal);
    private long _sent;

    public ModelProber(IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider time, IMeterFactory meters, ILogger<ModelProber> logger)
    {
        (_grains, _options, _time, _logger) = (grains, options.Value, time, logger);
        var meter = FabricMeters.Create(meters, "ServingFabric");
        _requests = meter.CreateCounter<long>("servingfabric.probe.requests", "{request}", "Synthetic probe requests this silo sent, by model and outcome (success or the failure's kind).");
        _duration = meter.CreateHistogram<double>("servingfabric.probe.duration", "s", "Time a synthetic probe took, by model.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.ProbeInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.ProbeInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ProbeAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    /// <summary>One round: every model the catalog lists that has a probe request, at once.</summary>
    public async Task ProbeAllAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> models;
        try
        {
            models = await _grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels().WaitAsync(_options.ProbeTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCatalogUnavailable(_logger, ex.GetType().Name);
            return;
        }

        foreach (var gone in _targets.Keys.Except(models, StringComparer.Ordinal))
        {
            _targets.TryRemove(gone, out _);
        }

        await Task.WhenAll(models.Select(model => ProbeAsync(model, cancellationToken)));
    }

    private async Task ProbeAsync(string model, CancellationToken cancellationToken)
    {
        var router = _grains.GetGrain<IModelRouterGrain>(model);
        ModelDeploymentSpec? spec;
        RoutingTable? table;
        try
        {
            spec = await router.GetSpec().WaitAsync(_options.ProbeTimeout, cancellationToken);
            table = await router.GetRoutingTable().WaitAsync(_options.ProbeTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Record(model, TargetOf(model, null), InferenceOutcomes.Of(InferenceErrorKind.Unavailable), TimeSpan.Zero, $"its router did not answer ({ex.GetType().Name})");
            return;
        }

        if (spec?.Config.Probe is not { } json || table is not { Loaded: true })
        {
            _targets.TryRemove(model, out _);
            return;
        }

        var target = TargetOf(model, json);
        if (target.Request is not { } request)
        {
            return;
        }

        var started = _time.GetTimestamp();
        var probe = request with { Id = $"probe-{Interlocked.Increment(ref _sent)}", Deadline = _time.GetUtcNow() + _options.ProbeTimeout };
        string? version = null;
        string outcome;
        string? failure = null;
        try
        {
            var response = await _grains.GetGrain<IInferenceFrontGrain>(model).Infer(probe, _caller, cancellationToken)
                .WaitAsync(_options.ProbeTimeout + TimeSpan.FromSeconds(1), cancellationToken);
            (version, outcome) = (response.ModelVersion, InferenceOutcomes.Success);
        }
        catch (InferenceException ex)
        {
            (outcome, failure) = (InferenceOutcomes.Of(ex.Kind), ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            (outcome, failure) = (ex is TimeoutException ? InferenceOutcomes.Of(InferenceErrorKind.DeadlineExceeded) : InferenceOutcomes.Of(InferenceErrorKind.Internal),
                $"{ex.GetType().Name} after {_time.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        }

        var elapsed = _time.GetElapsedTime(started);
        if (failure is null && elapsed > table.LatencyObjective)
        {
            failure = $"answered in {elapsed.TotalMilliseconds:F0} ms, over the latency objective of {table.LatencyObjectiveMs:0.###} ms";
        }

        Record(model, target, outcome, elapsed, failure);
        try
        {
            await router.ReportProbe(version, failure is null).WaitAsync(_options.ProbeTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The metric and the log have the result; the router's probe view misses this one.
            LogReportFailed(_logger, model, ex.GetType().Name);
        }
    }

    private ProbeTarget TargetOf(string model, string? json)
    {
        var target = _targets.GetOrAdd(model, static _ => new ProbeTarget());
        if (json is not null && target.Json != json)
        {
            target.Json = json;
            try
            {
                target.Request = OipRequestCodec.Read(Encoding.UTF8.GetBytes(json), null, model, null);
            }
            catch (InferenceException ex)
            {
                target.Request = null;
                LogProbeInvalid(_logger, model, ex.Message);
            }
        }

        return target;
    }

    private void Record(string model, ProbeTarget target, string outcome, TimeSpan elapsed, string? failure)
    {
        _requests.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("outcome", outcome));
        if (elapsed > TimeSpan.Zero)
        {
            _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("model", model));
        }

        var now = _time.GetUtcNow();
        lock (target)
        {
            if (failure is not null && target.FailingSince is null)
            {
                target.FailingSince = now;
                LogProbeFailing(_logger, model, failure);
            }
            else if (failure is null && target.FailingSince is { } since)
            {
                target.FailingSince = null;
                LogProbeRecovered(_logger, model, (now - since).TotalSeconds);
            }
        }
    }

    /// <summary>A model's decoded probe request and its failure episode.</summary>
    private sealed class ProbeTarget
    {
        public string? Json { get; set; }

        public InferenceRequest? Request { get; set; }

        public DateTimeOffset? FailingSince { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Probe of model {Model} failed: {Failure}. Users of the model are likely failing too: check GET /v1/models/{Model} (replicas, events) and the silo logs; this is logged once until a probe succeeds")]
    private static partial void LogProbeFailing(ILogger logger, string model, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Probe of model {Model} succeeds again after {Seconds:F1} s of failures")]
    private static partial void LogProbeRecovered(ILogger logger, string model, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}'s probe request in config.json is not a valid inference request ({Reason}); the model is not probed until it is fixed")]
    private static partial void LogProbeInvalid(ILogger logger, string model, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The router of model {Model} did not take a probe's result ({Error}); its probe view misses it, the metric has it")]
    private static partial void LogReportFailed(ILogger logger, string model, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Probes skipped this round: the model catalog did not answer ({Error}); check the cluster's health if this repeats")]
    private static partial void LogCatalogUnavailable(ILogger logger, string error);
}
