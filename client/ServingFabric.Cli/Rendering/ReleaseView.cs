using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace ServingFabric.Cli.Rendering;

/// <summary>
/// Renders a canary or A/B test (<c>GET /v1/models/{name}/experiment</c>): a summary with progress, the arms, the
/// sequential tests (estimate, always-valid interval, p-value), the decision and why, and the history.
/// </summary>
internal static class ReleaseView
{
    /// <summary>The view as plain text, as redirected output shows it.</summary>
    public static string Render(JsonElement release, DateTimeOffset now) => FabricConsole.Plain(console => Write(console, release, now));

    public static void Write(IAnsiConsole console, JsonElement release, DateTimeOffset now)
    {
        var isCanary = ModelView.Str(release, "kind") == "canary";
        var status = ModelView.Str(release, "status");
        console.Write(new Text($"{(isCanary ? "canary" : "A/B test")} {ModelView.Str(release, "id")} of model {ModelView.Str(release, "model")}: "));
        console.Write(new Text(status, Colours.Of(status)));
        console.Write(new Text("\n" + Progress(release, isCanary, now) + "\n"));

        var arms = release.TryGetProperty("arms", out var a) ? a.EnumerateArray().ToList() : [];
        console.Write(FabricTable.Create(
            ["role", "version", "share", "requests", "errors", "error rate", "slow", "latency (geo mean)", "rewards", "mean reward"],
            [.. arms.Select(arm => (IReadOnlyList<string>)
            [
                ModelView.Str(arm, "role"), ModelView.Str(arm, "version"), Cells.Percent(Cells.Number(arm, "share_percent")),
                Cells.Integer(arm, "requests"), Cells.Integer(arm, "errors"), Cells.Rate(Measured(arm, "error_rate")),
                Cells.Integer(arm, "slow_requests"), Cells.Milliseconds(Measured(arm, "geometric_mean_latency_ms")),
                Cells.Integer(arm, "rewards"), Cells.Decimal(Cells.Number(arm, "mean_reward")),
            ])]));

        var tests = release.TryGetProperty("tests", out var t) ? t.EnumerateArray().ToList() : [];
        if (tests.Count > 0)
        {
            console.Write(new Text("\n"));
            console.Write(FabricTable.Create(
                ["test", "estimate", "always-valid interval", "p-value", "alpha", "rejected"],
                [.. tests.Select(test => (IReadOnlyList<string>)
                [
                    ModelView.Str(test, "name"), Cells.Decimal(Cells.Number(test, "estimate")),
                    Cells.Interval(Cells.Number(test, "lower"), Cells.Number(test, "upper")),
                    Cells.PValue(Cells.Number(test, "p_value")), Cells.Decimal(Cells.Number(test, "alpha")),
                    test.TryGetProperty("rejected", out var r) && r.ValueKind == JsonValueKind.True ? "yes" : "no",
                ])]));
        }

        console.Write(new Text($"\ndecision: {ModelView.Str(release, "decision")}: {ModelView.Str(release, "reason")}\n"));
        var history = release.TryGetProperty("history", out var h) ? h.EnumerateArray().ToList() : [];
        if (history.Count > 0)
        {
            console.Write(new Text("\nhistory\n"));
            console.Write(FabricTable.Create(
                ["time (utc)", "action", "share", "reason"],
                [.. history.Select(entry => (IReadOnlyList<string>)
                [
                    Cells.Time(entry, "at"), ModelView.Str(entry, "action"), Cells.Percent(Cells.Number(entry, "candidate_percent")), ModelView.Str(entry, "reason"),
                ])]));
        }
    }

    private static string Progress(JsonElement release, bool isCanary, DateTimeOffset now)
    {
        var share = Cells.Percent(Cells.Number(release, "candidate_percent"));
        var versions = $"control {ModelView.Str(release, "control")}, candidate {ModelView.Str(release, "candidate")} at {share}";
        var started = Cells.Time(release, "started_at");
        var running = release.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.True;
        if (!isCanary)
        {
            var elapsed = running && TimeOf(release, "started_at") is { } begin ? $", running {Cells.Duration(now - begin)}" : "";
            return $"{versions}; started {started} UTC{elapsed}\n";
        }

        var steps = release.TryGetProperty("steps", out var s) ? s.EnumerateArray().Select(x => Cells.Percent(x.GetDouble())).ToList() : [];
        var index = (int)Cells.Long(release, "step_index");
        var step = steps.Count == 0 ? "" : $"; step {Math.Min(index + 1, steps.Count)} of {steps.Count} ({string.Join(" > ", steps)})";
        var inStep = running && TimeOf(release, "step_started_at") is { } stepStart ? $" for {Cells.Duration(now - stepStart)}" : "";
        return $"{versions}{step}{inStep}; started {started} UTC\n";
    }

    // Rates and latencies of an arm that has served nothing yet are not zero but unknown.
    private static double? Measured(JsonElement arm, string name) => Cells.Long(arm, "requests") > 0 ? Cells.Number(arm, name) : null;

    private static DateTimeOffset? TimeOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time) ? time : null;
}
