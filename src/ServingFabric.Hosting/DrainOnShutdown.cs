using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Gateway;

namespace ServingFabric.Hosting;

/// <summary>
/// On SIGTERM: readiness turns false at once, requests keep being served for the drain delay (so load balancers
/// stop sending), then the web server stops accepting and finishes what is in flight, and Orleans stops last.
/// </summary>
internal sealed partial class DrainOnShutdown(
    IHostApplicationLifetime lifetime,
    SiloServingState state,
    ShutdownWatchdog watchdog,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<DrainOnShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            // First, so the drain delay counts inside the shutdown bound whatever order the callbacks run in.
            watchdog.Arm();
            state.BeginDrain();
            LogDraining(logger, options.Value.DrainDelay.TotalSeconds);

            // ApplicationStopping callbacks run before any service stops, so waiting here keeps the server serving.
            if (options.Value.DrainDelay > TimeSpan.Zero)
            {
                Task.Delay(options.Value.DrainDelay, time).GetAwaiter().GetResult();
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutdown requested: readiness is now false; serving for {DelaySeconds} s more, then finishing requests in flight before the silo stops")]
    private static partial void LogDraining(ILogger logger, double delaySeconds);
}
