using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace ServingFabric.Hosting;

/// <summary>
/// Raises the thread pool's minimum worker count to <see cref="ServingFabricSiloOptions.MinWorkerThreads"/> when the
/// silo starts. The runtime's minimum is one worker per CPU; below it the pool adds threads only when it detects
/// starvation, about one every 0.5 s. A one-CPU silo therefore answers every request behind any blocked worker a
/// second late; four ready workers cost a few idle threads and remove those stalls.
/// </summary>
public sealed partial class ThreadPoolFloor(int minWorkerThreads, ILogger<ThreadPoolFloor> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The highest floor the setting accepts: far above any useful value, well below the pool's own maximum.</summary>
    public const int MaxWorkerThreads = 1024;

    /// <summary>The floor this silo applies at start (0: none).</summary>
    public int MinWorkerThreads => minWorkerThreads;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ThreadPoolFloor), ServiceLifecycleStage.First, _ =>
        {
            Apply();
            return Task.CompletedTask;
        });

    /// <summary>Raises the minimum when it is lower; never lowers it. Returns the worker minimum in force afterwards.</summary>
    public int Apply()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (minWorkerThreads <= workers)
        {
            return workers;
        }

        if (!ThreadPool.SetMinThreads(minWorkerThreads, completionPorts))
        {
            LogNotRaised(logger, workers, minWorkerThreads);
            return workers;
        }

        LogRaised(logger, workers, minWorkerThreads, Environment.ProcessorCount);
        return minWorkerThreads;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Thread pool minimum raised from {Previous} to {Minimum} worker threads ({Cpus} CPU(s)); ServingFabric:Silo:MinWorkerThreads sets it")]
    private static partial void LogRaised(ILogger logger, int previous, int minimum, int cpus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The runtime refused to raise the thread pool minimum from {Previous} to {Minimum} worker threads; requests may stall behind a blocked worker on a small silo. Lower ServingFabric:Silo:MinWorkerThreads below the pool's maximum")]
    private static partial void LogNotRaised(ILogger logger, int previous, int minimum);
}
