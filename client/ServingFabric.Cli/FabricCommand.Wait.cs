using System.Globalization;
using System.Text.Json;
using ServingFabric.Cli.Rendering;
using Spectre.Console;

namespace ServingFabric.Cli;

internal static partial class FabricCommand
{
    /// <summary>
    /// --wait: polls the model's status every interval until the change has taken effect (exit 0; 3 for a release that
    /// ended without promotion), or --timeout passes (4). A terminal shows a progress bar; redirected output gets one
    /// line each time the progress changes, so logs stay short and stable.
    /// </summary>
    private static async Task<int> WaitAsync(ChangeCommand change, WaitTarget target, Session session, CancellationToken cancellationToken)
    {
        var environment = session.Environment;
        var deadline = environment.Time.GetUtcNow() + change.WaitTimeout;
        var json = change.Output == OutputFormat.Json;
        if (session.Console.Profile.Capabilities.Interactive && !json)
        {
            return await session.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Describe(target), maxValue: 1);
                    return await PollAsync(change, target, session, deadline, progress =>
                    {
                        task.MaxValue = Math.Max(progress.Total, 1);
                        task.Value = progress.Done;
                        task.Description = progress.Text;
                    }, cancellationToken);
                });
        }

        WaitProgress? shown = null;
        return await PollAsync(change, target, session, deadline, progress =>
        {
            if (!json && progress != shown)
            {
                session.Console.Write(new Text($"{progress.Text}\n"));
                shown = progress;
            }
        }, cancellationToken);
    }

    private static async Task<int> PollAsync(
        ChangeCommand change, WaitTarget target, Session session, DateTimeOffset deadline, Action<WaitProgress> report, CancellationToken cancellationToken)
    {
        var environment = session.Environment;
        while (true)
        {
            var (progress, exitCode) = await CheckAsync(target, session.Api, cancellationToken);
            report(progress);
            if (exitCode is { } code)
            {
                return code;
            }

            var now = environment.Time.GetUtcNow();
            if (now >= deadline)
            {
                if (change.Output != OutputFormat.Json)
                {
                    session.Console.Write(new Text(
                        $"still waiting after {change.WaitTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (--timeout): {progress.Text}; the change stands and goes on\n"));
                }

                return WatchTimedOut;
            }

            await environment.Delay(change.WaitInterval < deadline - now ? change.WaitInterval : deadline - now, cancellationToken);
        }
    }

    private static async Task<(WaitProgress Progress, int? ExitCode)> CheckAsync(WaitTarget target, IManagementApi api, CancellationToken cancellationToken)
    {
        switch (target.Kind)
        {
            case WaitKind.VersionReady:
            {
                using var model = await api.GetModelAsync(target.Model, cancellationToken);
                var replicas = model.RootElement.GetProperty("versions").EnumerateArray()
                    .Where(v => ModelView.Str(v, "version") == target.Version)
                    .SelectMany(v => v.GetProperty("replicas").EnumerateArray()).ToList();
                var ready = replicas.Count(r => ModelView.Str(r, "state") == "ready");
                var progress = new WaitProgress($"version {target.Version} of {target.Model}: {ready} of {replicas.Count} replicas ready", ready, replicas.Count);
                return (progress, replicas.Count > 0 && ready == replicas.Count ? Ok : null);
            }

            case WaitKind.ScaledOut:
            {
                using var scaling = await api.GetScalingAsync(target.Model, cancellationToken);
                var desired = scaling.RootElement.GetProperty("replicas_by_version");
                var serving = scaling.RootElement.GetProperty("serving_by_version");
                var wanted = desired.EnumerateObject().Sum(v => v.Value.GetInt32());
                var done = desired.EnumerateObject().Sum(v => Math.Min(v.Value.GetInt32(), Count(serving, v.Name)));
                var progress = new WaitProgress($"model {target.Model}: {done} of {wanted} wanted replicas serving", done, wanted);
                return (progress, done >= wanted ? Ok : null);
            }

            default:
            {
                using var experiment = await api.GetExperimentAsync(target.Model, cancellationToken);
                var release = experiment.RootElement;
                var status = ModelView.Str(release, "status");
                var share = Cells.Number(release, "candidate_percent") ?? 0;
                var active = release.TryGetProperty("active", out var a) && a.GetBoolean();
                var progress = new WaitProgress(
                    $"release {ModelView.Str(release, "id")} of {target.Model}: {status}, candidate at {Cells.Percent(share)}", (int)Math.Round(share), 100);
                return (progress, active ? null : status is "promoted" or "concluded" ? Ok : ReleaseNotPromoted);
            }
        }
    }

    private static int Count(JsonElement counts, string version) =>
        counts.TryGetProperty(version, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private static string Describe(WaitTarget target) => target.Kind switch
    {
        WaitKind.VersionReady => $"version {target.Version} of {target.Model}: loading replicas",
        WaitKind.ScaledOut => $"model {target.Model}: scaling",
        _ => $"release of {target.Model}",
    };
}
