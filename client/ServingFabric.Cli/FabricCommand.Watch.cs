using System.Globalization;
using ServingFabric.Cli.Rendering;

namespace ServingFabric.Cli;

internal static partial class FabricCommand
{
    // Home the cursor and clear the screen, so a terminal shows one up-to-date view instead of a scrolling log.
    private const string ClearScreen = "\u001b[H\u001b[2J";

    /// <summary>
    /// <c>fabric experiment get --watch</c>: shows the release every interval until it ends (exit 0 when promoted or
    /// concluded with a winner, 3 otherwise), until --timeout (4) or Ctrl+C (130). Watching never changes the release.
    /// </summary>
    private static async Task<int> WatchAsync(GetExperimentCommand watch, GatewayClient client, TextWriter output, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var path = $"v1/models/{Uri.EscapeDataString(watch.Model)}/experiment";
        var deadline = environment.Time.GetUtcNow() + watch.Timeout;
        for (var refresh = 1; ; refresh++)
        {
            using var answer = await client.GetAsync(path, cancellationToken);
            var release = answer.RootElement;
            var now = environment.Time.GetUtcNow();
            if (environment.Interactive)
            {
                await output.WriteAsync(ClearScreen);
            }
            else if (refresh > 1)
            {
                await output.WriteLineAsync();
            }

            await output.WriteAsync(ReleaseView.Render(release, now));
            var status = ModelView.Str(release, "status");
            if (!(release.TryGetProperty("active", out var active) && active.GetBoolean()))
            {
                var promoted = status is "promoted" or "concluded";
                await output.WriteLineAsync($"\nthe release ended: {status}; {(promoted ? "the candidate serves" : "the control keeps serving")}");
                return promoted ? Ok : ReleaseNotPromoted;
            }

            if (now >= deadline)
            {
                await output.WriteLineAsync($"\nstill {status} after {watch.Timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (--timeout); stopped watching, the release goes on");
                return WatchTimedOut;
            }

            var wait = watch.Interval < deadline - now ? watch.Interval : deadline - now;
            await output.WriteLineAsync(
                $"\nrefresh {refresh} at {now.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC; next in {wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s (Ctrl+C stops watching, not the release)");
            await environment.Delay(wait, cancellationToken);
        }
    }
}
