using System.Text.Json;
using ServingFabric.Cli.Rendering;
using ServingFabric.Contracts;
using ServingFabric.Gateway.Operator;
using ServingFabric.Releases;

namespace ServingFabric.Cli.Tests.Rendering;

public sealed class ManagementViewTests
{
    [Fact]
    public void VersionsView_Registry_PrintsAlignedTable()
    {
        using var json = JsonDocument.Parse(SampleRelease.VersionsJson);

        var text = VersionsView.Render(json.RootElement.GetProperty("versions").EnumerateArray());

        var expected = """
            VERSION  LIFECYCLE  DEFAULT  TRAFFIC  REGISTERED (UTC)     BY      SHA-256       ARTIFACT                   OPTIMIZED
            1        active     yes      90 %     2026-02-27 12:00:00  fabric  aa11bb22cc33  -                          -
            2        active     no       10 %     2026-03-01 12:00:00  alice   0123456789ab  /models-inbox/iris-2.onnx  from 1, agreement 99.33 %
            0        retired    no       0 %      2026-02-20 12:00:00  fabric  -             -                          -

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void AutoscalingView_Scaling_PrintsSettingsReplicasAndDecisions()
    {
        using var json = JsonDocument.Parse(SampleRelease.ScalingJson);

        var text = AutoscalingView.Render(json.RootElement);

        var expected = """
            scaling of model iris

            SETTING                                  VALUE
            min replicas                             1
            max replicas                             4
            target in flight per replica             4
            target queue depth per replica           8
            target p95 latency                       50 ms
            max cpu                                  80 %
            max memory                               85 %
            scale-down window                        300 s
            scale-up window                          0 s
            max concurrency (per version per silo)   16
            max queue length (per version per silo)  200
            queue timeout                            2 s

            VERSION  DESIRED REPLICAS  SERVING
            1        3                 2
            2        1                 1

            recent decisions
            TIME (UTC)           VERSION  FROM  TO  REASON
            2026-03-01 12:00:00  1        2     3   in flight per replica 6.1 above target 4

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void ModelView_WithReleaseState_AddsRegistryTrafficReleaseAndScaling()
    {
        var status = SampleModel.Status with
        {
            RecentEvents = [],
            Registry = SampleRelease.Versions,
            Traffic = new TrafficPolicy(
                [new VersionWeight("1", 90), new VersionWeight("2", 10)],
                new MirrorPolicy("2", 5),
                [new FaultInjection("2", 20, 503, 10, TimeSpan.FromMilliseconds(250))]),
            Experiment = SampleRelease.Canary(),
            Scaling = SampleRelease.Scaling,
        };
        using var json = JsonDocument.Parse(ManagementAnswers.Serialize(ManagementAnswers.Model(status), ManagementJsonContext.Default.ModelResponse));

        var text = ModelView.Render(json.RootElement);

        var expected = """

            traffic: version 1 90 %, version 2 10 %; mirroring 5 % to version 2
            injected faults
            VERSION  ABORTED  STATUS  DELAYED  DELAY
            2        20 %     503     10 %     250 ms

            release: canary rel-7 running, control 1, candidate 2 at 25 %; decision continue: step 2 needs 500 requests per arm and 60 s; has 500 and 45 s

            scaling: replicas 1 to 4 per version; 1: 3 desired, 2 serving; 2: 1 desired, 1 serving (fabric scaling get for details)

            """;
        Assert.EndsWith(expected.ReplaceLineEndings("\n"), text, StringComparison.Ordinal);
        Assert.Contains("\nversions\nVERSION  LIFECYCLE", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EventView_EventsWithActor_AddsByColumn()
    {
        using var json = JsonDocument.Parse(ManagementAnswers.Serialize(ManagementAnswers.Events(
        [
            ("iris",
            [
                new Models.ModelEvent(8, SampleRelease.Started, Models.ModelEventKind.ReplicaLost, "iris/1/0", "S1", "a", "replica lost"),
                new Models.ModelEvent(9, SampleRelease.Started.AddSeconds(1), Models.ModelEventKind.ReleaseStarted, null, null, null, "canary of 2 started", "alice"),
            ]),
        ]), ManagementJsonContext.Default.EventsResponse));

        var text = EventView.Render(json.RootElement.GetProperty("events"), includeModel: true);

        var expected = """
            MODEL  SEQ  TIME (UTC)           KIND            REPLICA   ZONE  BY     MESSAGE
            iris   8    2026-03-01 12:00:00  ReplicaLost     iris/1/0  a     -      replica lost
            iris   9    2026-03-01 12:00:01  ReleaseStarted  -         -     alice  canary of 2 started

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }
}
