using System.Text.Json;
using ServingFabric.Cli.Rendering;

namespace ServingFabric.Cli.Tests.Rendering;

public sealed class ModelViewTests
{
    [Fact]
    public void Render_OperatorJson_PrintsSummaryReplicaTableAndEvents()
    {
        using var json = JsonDocument.Parse(SampleModel.Json);

        var text = ModelView.Render(json.RootElement);

        var expected = """
            model iris  loaded  revision 4  default version 1  replicas min 3 max 5 (running 3 per version)

            VERSION  REPLICA   SILO               ZONE         STATE    HEALTH   QUEUE  IN FLIGHT  ERROR
            1        iris/1/0  S10.0.0.1:11111:1  a            ready    healthy  2      1          -
            1        iris/1/1  S10.0.0.2:11111:1  b            ready    healthy  0      0          -
            1        iris/1/2  S10.0.0.1:11111:1  a (wants c)  loading  warming  0      0          -

            recent events
            SEQ  TIME (UTC)           KIND             REPLICA   ZONE  MESSAGE
            7    2026-03-01 11:59:56  ReplicaLost      iris/1/2  c     replica iris/1/2 was lost with silo S10.0.0.3:11111:1
            8    2026-03-01 11:59:57  ReplicaReplaced  iris/1/2  a     replica iris/1/2 is active again

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Render_ReplicasOnGpus_AddsADeviceColumn()
    {
        using var json = JsonDocument.Parse("""
            {"name": "resnet", "loaded": true, "revision": 1, "default_version": "1", "replicas": {"min": 2, "max": 2, "per_version": 2},
             "versions": [{"version": "1", "replicas": [
               {"key": "resnet/1/0", "silo": "S10.0.0.1:11111:1", "zone": "a", "state": "ready", "health": "healthy", "queue_depth": 0, "in_flight": 0, "device": "gpu 0 (GPU-5b1d)"},
               {"key": "resnet/1/1", "silo": "S10.0.0.2:11111:1", "zone": "b", "state": "ready", "health": "healthy", "queue_depth": 0, "in_flight": 0, "device": "cpu (fallback)"}]}],
             "events": []}
            """);

        var text = ModelView.Render(json.RootElement);

        var expected = """
            VERSION  REPLICA     SILO               ZONE  DEVICE            STATE  HEALTH   QUEUE  IN FLIGHT  ERROR
            1        resnet/1/0  S10.0.0.1:11111:1  a     gpu 0 (GPU-5b1d)  ready  healthy  0      0          -
            1        resnet/1/1  S10.0.0.2:11111:1  b     cpu (fallback)    ready  healthy  0      0          -
            """;
        Assert.Contains(expected.ReplaceLineEndings("\n"), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ModelWithAvailability_PrintsEachWindowWithTheBudgetLeft()
    {
        using var json = JsonDocument.Parse("""
            {"name": "iris", "loaded": true, "revision": 2, "default_version": "1", "replicas": {"min": 1, "max": 1, "per_version": 1},
             "versions": [{"version": "1", "replicas": [], "availability": {"objective": 0.999, "latency_objective_ms": 1000, "windows": [
               {"window": "5m", "valid": 2000, "good": 1990, "sli": 0.995, "error_budget_remaining": -4},
               {"window": "1h", "valid": 0, "good": 0, "sli": null, "error_budget_remaining": null}]}},
               {"version": "2", "replicas": []}],
             "availability": {"objective": 0.999, "latency_objective_ms": 1000, "windows": [
               {"window": "5m", "valid": 10000, "good": 9995, "sli": 0.9995, "error_budget_remaining": 0.5},
               {"window": "1h", "valid": 0, "good": 0, "sli": null, "error_budget_remaining": null}]},
             "events": []}
            """);

        var text = ModelView.Render(json.RootElement);

        var expected = """
            availability (objective 99.9 % of valid requests good within 1000 ms; budget left in brackets)
            SCOPE      5M                       1H
            model      99.95 % (50 %) of 10000  no data
            version 1  99.5 % (-400 %) of 2000  no data
            """;
        Assert.Contains(expected.ReplaceLineEndings("\n"), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ModelWithProbes_PrintsAProbesRowAfterTheVersions()
    {
        using var json = JsonDocument.Parse("""
            {"name": "iris", "loaded": true, "revision": 2, "default_version": "1", "replicas": {"min": 1, "max": 1, "per_version": 1},
             "versions": [{"version": "1", "replicas": []}],
             "availability": {"objective": 0.999, "latency_objective_ms": 1000, "windows": [
               {"window": "5m", "valid": 0, "good": 0, "sli": null, "error_budget_remaining": null}]},
             "probe_availability": {"objective": 0.999, "latency_objective_ms": 1000, "windows": [
               {"window": "5m", "valid": 30, "good": 27, "sli": 0.9, "error_budget_remaining": -99}]},
             "events": []}
            """);

        var text = ModelView.Render(json.RootElement);

        var expected = """
            SCOPE   5M
            model   no data
            probes  90 % (-9900 %) of 30
            """;
        Assert.Contains(expected.ReplaceLineEndings("\n"), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoEvents_SaysSo()
    {
        using var json = JsonDocument.Parse("""{"events": []}""");

        Assert.Equal("no events\n", EventView.Render(json.RootElement.GetProperty("events"), includeModel: true));
    }
}
