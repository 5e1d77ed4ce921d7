using System.Text.Json;
using ServingFabric.Cli.Rendering;
using ServingFabric.Contracts;
using ServingFabric.Gateway.Operator;

namespace ServingFabric.Cli.Tests.Rendering;

public sealed class ReleaseViewTests
{
    [Fact]
    public void Render_RunningCanary_PrintsProgressArmsTestsDecisionAndHistory()
    {
        using var json = JsonDocument.Parse(SampleRelease.CanaryJson());

        var text = ReleaseView.Render(json.RootElement, SampleRelease.Started.AddMinutes(5).AddSeconds(45));

        var expected = """
            canary rel-7 of model iris: running
            control 1, candidate 2 at 25 %; step 2 of 4 (10 % > 25 % > 50 % > 100 %) for 0:45; started 2026-03-01 12:00:00 UTC

            ROLE       VERSION  SHARE  REQUESTS  ERRORS  ERROR RATE  SLOW  LATENCY (GEO MEAN)  REWARDS  MEAN REWARD
            control    1        75 %   1500      3       0.20 %      12    3.41 ms             0        -
            candidate  2        25 %   500       1       0.20 %      4     3.52 ms             0        -

            TEST                 ESTIMATE  ALWAYS-VALID INTERVAL  P-VALUE  ALPHA  REJECTED
            errors (count test)  0.0012    [-0.004, 0.0061]       0.83     0.01   no
            latency (mSPRT)      -         -                      1        0.01   no
            sample ratio         0.2501    [0.21, +inf]           <0.0001  0.001  yes

            decision: continue: step 2 needs 500 requests per arm and 60 s; has 500 and 45 s

            history
            TIME (UTC)           ACTION   SHARE  REASON
            2026-03-01 12:00:00  started  10 %   release v2
            2026-03-01 12:05:00  advance  25 %   non-inferior: errors +0.1 pp (upper 0.6 pp < 0.5 pp margin)

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Render_EndedRelease_OmitsElapsedTime()
    {
        using var json = JsonDocument.Parse(SampleRelease.CanaryJson("RolledBack"));

        var text = ReleaseView.Render(json.RootElement, SampleRelease.Started.AddHours(3));

        Assert.StartsWith("canary rel-7 of model iris: rolled_back\ncontrol 1, candidate 2 at 25 %; step 2 of 4 (10 % > 25 % > 50 % > 100 %); started", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AbTest_ShowsSplitAndRunningTime()
    {
        var view = SampleRelease.Canary() with { Kind = ServingFabric.Releases.ReleaseKind.AbTest, CandidatePercent = 50, Steps = [50] };
        using var json = JsonDocument.Parse(ManagementAnswers.Serialize(ManagementAnswers.Experiment("iris", view), ManagementJsonContext.Default.ExperimentResponse));

        var text = ReleaseView.Render(json.RootElement, SampleRelease.Started.AddHours(1).AddMinutes(2).AddSeconds(3));

        Assert.StartsWith("A/B test rel-7 of model iris: running\ncontrol 1, candidate 2 at 50 %; started 2026-03-01 12:00:00 UTC, running 1:02:03\n", text, StringComparison.Ordinal);
        Assert.Contains("control    1        50 %", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ArmWithoutRequests_ShowsUnknownRatesNotZero()
    {
        var view = SampleRelease.Canary() with { Arms = [new ServingFabric.Releases.ArmView("candidate", "2", 0, 0, 0, 0, 0, 0, double.NaN)] };
        using var json = JsonDocument.Parse(ManagementAnswers.Serialize(ManagementAnswers.Experiment("iris", view), ManagementJsonContext.Default.ExperimentResponse));

        var text = ReleaseView.Render(json.RootElement, SampleRelease.Started);

        Assert.Contains("candidate  2        25 %   0         0       -           0     -                   0        -", text, StringComparison.Ordinal);
    }
}
