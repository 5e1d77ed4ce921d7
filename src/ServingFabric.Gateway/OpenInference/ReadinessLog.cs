using Microsoft.Extensions.Logging;
using ServingFabric.Health;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>
/// Logs the pod's readiness once per episode, not once per probe: when a condition starts failing (or another one
/// takes its place) with what to do about it, and when the pod is ready again with how long it was not. Before the pod
/// was first ready (starting up) a failure is information; after, it is a warning (the Service has dropped the pod).
/// </summary>
internal sealed partial class ReadinessLog(ILogger<ReadinessLog> logger, TimeProvider time)
{
    private readonly Lock _gate = new();
    private string? _failing;
    private DateTimeOffset _failingSince;
    private bool _wasReady;

    /// <summary>What one readiness check found; null: ready.</summary>
    public void Observe(ReadinessFailure? failure)
    {
        lock (_gate)
        {
            if (failure is null)
            {
                if (_failing is not null && _wasReady)
                {
                    LogReadyAgain(logger, _failing, (time.GetUtcNow() - _failingSince).TotalSeconds);
                }

                (_failing, _wasReady) = (null, true);
                return;
            }

            if (_failing == failure.Condition)
            {
                return;
            }

            if (_failing is null)
            {
                _failingSince = time.GetUtcNow();
            }

            _failing = failure.Condition;
            if (_wasReady && failure.Condition != ReadinessConditions.Draining)
            {
                LogNotReady(logger, failure.Condition, failure.Reason, WhatToDo(failure.Condition));
            }
            else
            {
                LogNotReadyYet(logger, failure.Condition, failure.Reason);
            }
        }
    }

    /// <summary>What an operator should look at when <paramref name="condition"/> fails on a pod that was ready.</summary>
    public static string WhatToDo(string condition) => condition switch
    {
        ReadinessConditions.Membership => "check this silo's connection to the membership table (Azure Table) and to its peers; the silo log says why it left or was declared dead",
        ReadinessConditions.Routing => "check that the model routers answer (GET /v1/models from another pod) and the grain storage",
        ReadinessConditions.Models => "GET /v1/models/{name} shows which version placed here is still loading; a large artifact may need a longer ServingFabric:Gateway:ReadinessLoadGrace",
        ReadinessConditions.Strict => "fix or unload the model named above, or turn off ServingFabric:Gateway:StrictReadiness so one model cannot make the pod unready",
        _ => "see the reason above",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pod not ready: condition '{Condition}' fails: {Reason}. The Service sends this pod no traffic until it passes again; {WhatToDo}")]
    private static partial void LogNotReady(ILogger logger, string condition, string reason, string whatToDo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pod not ready: condition '{Condition}' fails: {Reason}")]
    private static partial void LogNotReadyYet(ILogger logger, string condition, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pod ready again after {Seconds:F1} s (condition '{Condition}' passes)")]
    private static partial void LogReadyAgain(ILogger logger, string condition, double seconds);
}
