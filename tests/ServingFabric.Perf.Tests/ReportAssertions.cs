using System.Text.Json;

namespace ServingFabric.Perf.Tests;

/// <summary>Checks on a scenario's JSON report that hold whatever the machine: the harness measured something, and nothing failed.</summary>
internal static class ReportAssertions
{
    public static JsonElement[] Runs(JsonElement report) => [.. report.GetProperty("runs").EnumerateArray()];

    public static void EveryRunAnswered(JsonElement report)
    {
        foreach (var run in Runs(report))
        {
            Assert.True(run.GetProperty("throughput").GetDouble() > 0, $"run '{Label(run)}' answered nothing: {run}");
            Assert.True(run.GetProperty("latency").GetProperty("p50Ms").GetDouble() > 0, $"run '{Label(run)}' has no latency: {run}");
        }
    }

    public static void ClosedLoopRunsHadNoErrors(JsonElement report)
    {
        foreach (var run in Runs(report).Where(r => r.GetProperty("loop").GetString() == "closed"))
        {
            Assert.True(run.GetProperty("errors").GetInt64() == 0, $"run '{Label(run)}' had errors: {run}");
        }
    }

    public static void HasDirectBaseline(JsonElement report) =>
        Assert.Contains(Runs(report), r => r.GetProperty("path").GetString() == "direct-ort" && r.GetProperty("throughput").GetDouble() > 0);

    public static void HasChecks(JsonElement report, int atLeast) =>
        Assert.True(report.GetProperty("checks").GetArrayLength() >= atLeast, $"expected at least {atLeast} target checks in {report.GetProperty("checks")}");

    private static string Label(JsonElement run) => run.GetProperty("label").GetString() ?? "?";
}
