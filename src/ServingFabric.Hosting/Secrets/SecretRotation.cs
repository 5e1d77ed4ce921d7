using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Hosting.Secrets;

/// <summary>
/// Once the host runs: sends the secret store's start-up log entries to the real log, then watches every secret-holding
/// setting that was a reference and hands each new version to the component holding it.
/// </summary>
internal sealed class SecretRotation(
    ISecretStore store, ResolvedSecrets resolved, IEnumerable<ISecretConsumer> consumers, StartupBufferedLogger startupLog, ILoggerFactory loggers) : IHostedService
{
    private readonly List<IDisposable> _watches = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        startupLog.Attach(loggers.CreateLogger("ServingFabric.Secrets"));
        foreach (var consumer in consumers.DistinctBy(c => c.Setting, StringComparer.OrdinalIgnoreCase))
        {
            if (resolved.TryGet(consumer.Setting, out var current))
            {
                _watches.Add(store.Watch(current.Reference, consumer.Component, current, consumer.ApplyAsync));
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var watch in _watches)
        {
            watch.Dispose();
        }

        _watches.Clear();
        return Task.CompletedTask;
    }
}
