using ServingFabric.Chaos.Load;
using ServingFabric.Chaos.Running;

namespace ServingFabric.Chaos.Tests;

public sealed class ChaosSummaryTests
{
    [Fact]
    public void Summarize_RequestSentBeforeAFreezeTimesOutDuringIt_CountedAgainstTheFreeze()
    {
        RequestRecord[] records =
        [
            new(DueAt: 9, LatencyMs: 5, "sdk", null),
            new(DueAt: 17.5, LatencyMs: 10_000, "sdk", "timeout"),
            new(DueAt: 19, LatencyMs: 5, "http", null),
        ];
        FaultResult[] faults = [Fault(0, "Kill", injectedAt: 8), Fault(1, "Freeze", injectedAt: 17.7)];

        var run = ChaosSummary.Summarize(17, 50, records, faults, readyAtEnd: 3, skipped: []);

        Assert.Equal((1, 0), (faults[0].Sent, faults[0].Failed));
        Assert.Equal((2, 1), (faults[1].Sent, faults[1].Failed));
        Assert.Equal(3, run.Sent);
    }

    private static FaultResult Fault(int index, string kind, double injectedAt) =>
        new() { Index = index, Kind = kind, Description = kind, InjectedAt = injectedAt, EndedAt = injectedAt + 1, RecoverySeconds = 2 };
}
