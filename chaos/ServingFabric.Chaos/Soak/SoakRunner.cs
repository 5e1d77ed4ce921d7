using ServingFabric.Chaos.Cli;

namespace ServingFabric.Chaos.Soak;

internal static class SoakRunner
{
    public static Task<int> RunAsync(ChaosSettings settings, Action<string> log, CancellationToken cancellationToken) => Task.FromResult(0);
}
