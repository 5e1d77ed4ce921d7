using System.Globalization;
using ServingFabric.Cli.Rendering;
using Spectre.Console;

namespace ServingFabric.Cli;

internal static partial class FabricCommand
{
    // Home the cursor and clear the screen, so a terminal shows one up-to-date view instead of a scrolling log.
    private const string ClearScreen = "\u001b[H\u001b[2J";

    /// <summary>
    /// <c>fabric experiment get --watch</c>: shows the release every interval until it ends (exit 0 when promoted or
    /// concluded with a winner, 3 otherwise), until --timeout (4) or Ctrl+C (130). Watching never changes the release.
    /// On a terminal the view is redrawn in place; redirected, refreshes follow each other.
    /// </summary>
    private static async Task<int> WatchAsync(GetExperimentCommand watch, Session session, CancellationToken cancellationToken)
    {
        var (console, environment) = (session.Console, session.Environment);
        var json = watch.Output == OutputFormat.Json;
        var deadline = environment.Time.GetUtcNow() + watch.Timeout;
        for (var refresh = 1; ; refresh++)
        {
            using var answer = await session.Api.GetExperimentAsync(watch.Model, cancellationToken);
            var release = answer.RootElement;
            var now = environment.Time.GetUtcNow();
            var status = ModelView.Str(release, "status");
            var ended = !(release.TryGetProperty("active", out var active) && active.GetBoolean());
            if (json)
            {
                await JsonOutput.WriteLineAsync(session.Output, release);
            }
            else
            {
                if (environment.Interactive)
                {
                    console.Write(new ControlCode(ClearScreen));
                }
                else if (refresh > 1)
                {
                    console.Write(new Text("\n"));
                }

                ReleaseView.Write(console, release, now);
            }

            if (ended)
            {
                var promoted = status is "promoted" or "concluded";
                Say(session, json, $"\nthe release ended: {status}; {(promoted ? "the candidate serves" : "the control keeps serving")}\n");
                return promoted ? Ok : ReleaseNotPromoted;
            }

            if (now >= deadline)
            {
                Say(session, json, $"\nstill {status} after {watch.Timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (--timeout); stopped watching, the release goes on\n");
                return WatchTimedOut;
            }

            var wait = watch.Interval < deadline - now ? watch.Interval : deadline - now;
            Say(session, json,
                $"\nrefresh {refresh} at {now.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC; next in {wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s (Ctrl+C stops watching, not the release)\n");
            await environment.Delay(wait, cancellationToken);
        }
    }

    // With --output json, standard output carries only JSON documents; progress lines are for people.
    private static void Say(Session session, bool json, string text)
    {
        if (!json)
        {
            session.Console.Write(new Text(text));
        }
    }
}
