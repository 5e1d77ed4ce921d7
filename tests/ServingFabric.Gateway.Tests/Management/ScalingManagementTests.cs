using System.Net;
using static ServingFabric.Gateway.Tests.Management.ManagementScenario;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>Scaling settings over the management API.</summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class ScalingManagementTests(ManagementGatewayFixture fixture)
{
    private ManagementHttp Http => fixture.Http;

    [Fact]
    public async Task PutScaling_Settings_AreEffectiveAndRecorded()
    {
        var before = (await Http.GetAsync("/v1/models/scaling-m/scaling")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("scaling-m", before.GetProperty("model").GetString());
        Assert.True(before.GetProperty("replicas_by_version").TryGetProperty("1", out _));

        var after = (await Http.SendAsync(HttpMethod.Put, "/v1/models/scaling-m/scaling",
            """{"min_replicas": 1, "max_replicas": 3, "target_in_flight_per_replica": 4, "scale_down_stabilization_seconds": 120, "max_queue_length": 50, "queue_timeout_seconds": 1.5, "reason": "launch week"}""",
            actor: "erin")).Expect(HttpStatusCode.OK).Json;

        var settings = after.GetProperty("settings");
        Assert.Equal(1, settings.GetProperty("min_replicas").GetInt32());
        Assert.Equal(3, settings.GetProperty("max_replicas").GetInt32());
        Assert.Equal(4, settings.GetProperty("target_in_flight_per_replica").GetDouble());
        Assert.Equal(120, settings.GetProperty("scale_down_stabilization_seconds").GetDouble());
        Assert.Equal(50, settings.GetProperty("max_queue_length").GetInt32());
        Assert.Equal(1.5, settings.GetProperty("queue_timeout_seconds").GetDouble());
        var reread = (await Http.GetAsync("/v1/models/scaling-m")).Expect(HttpStatusCode.OK).Json.GetProperty("scaling").GetProperty("settings");
        Assert.Equal(3, reread.GetProperty("max_replicas").GetInt32());
        Assert.Contains(await EventsAsync(Http, "scaling-m", "ScalingChanged"), e => e.GetProperty("actor").GetString() == ManagementGatewayFixture.Caller && e.GetProperty("message").GetString()!.Contains("declared actor: erin", StringComparison.Ordinal));
    }
}
