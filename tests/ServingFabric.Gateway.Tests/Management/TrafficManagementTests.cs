using System.Net;
using System.Text.Json;
using static ServingFabric.Gateway.Tests.Management.ManagementScenario;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>Weights, mirroring and fault injection over the management API.</summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class TrafficManagementTests(ManagementGatewayFixture fixture)
{
    private ManagementHttp Http => fixture.Http;

    [Fact]
    public async Task PutModel_WeightsThenMirror_KeepsWhatTheBodyLeavesOut()
    {
        await RegisterAsync(fixture, "traffic-m", "2");

        var split = (await Http.SendAsync(HttpMethod.Put, "/v1/models/traffic-m",
            """{"weights": [{"version": "1", "percent": 90}, {"version": "2", "percent": 10}], "reason": "try v2"}""")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal([("1", 90.0), ("2", 10.0)], Weights(split));

        var mirrored = (await Http.SendAsync(HttpMethod.Put, "/v1/models/traffic-m", """{"mirror": {"version": "2", "percent": 5}}""")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal([("1", 90.0), ("2", 10.0)], Weights(mirrored));
        Assert.Equal("2", mirrored.GetProperty("traffic").GetProperty("mirror").GetProperty("version").GetString());
        Assert.Equal(5, mirrored.GetProperty("traffic").GetProperty("mirror").GetProperty("percent").GetDouble());

        var unmirrored = (await Http.SendAsync(HttpMethod.Put, "/v1/models/traffic-m", """{"mirror": null}""")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(JsonValueKind.Null, unmirrored.GetProperty("traffic").GetProperty("mirror").ValueKind);
        Assert.Equal([("1", 90.0), ("2", 10.0)], Weights(unmirrored));

        var defaulted = (await Http.SendAsync(HttpMethod.Put, "/v1/models/traffic-m", """{"default_version": "2", "weights": []}""")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("2", defaulted.GetProperty("default_version").GetString());
        Assert.Empty(Weights(defaulted));
        Assert.Contains(await EventsAsync(Http, "traffic-m", "TrafficChanged"), e => e.GetProperty("actor").GetString() == ManagementGatewayFixture.Caller);
    }

    [Fact]
    public async Task Fault_SetThenClear_AbortsRequestsOfThatVersionThenStops()
    {
        await WaitReadyAsync(Http, "fault-m", "1");
        var set = (await Http.SendAsync(HttpMethod.Put, "/v1/models/fault-m/versions/1/fault",
            """{"abort_percent": 100, "abort_status": 503, "reason": "rehearse a rollback"}""", actor: "carol")).Expect(HttpStatusCode.OK).Json;

        var fault = Assert.Single(set.GetProperty("traffic").GetProperty("faults").EnumerateArray());
        Assert.Equal("1", fault.GetProperty("version").GetString());
        Assert.Equal(100, fault.GetProperty("abort_percent").GetDouble());
        Assert.Equal(503, fault.GetProperty("abort_status").GetInt32());
        await WaitUntilAsync(async () => (await InferAsync(Http, "fault-m", "1")).Status == HttpStatusCode.ServiceUnavailable);

        var cleared = (await Http.SendAsync(HttpMethod.Delete, "/v1/models/fault-m/versions/1/fault?reason=rehearsal%20over", null)).Expect(HttpStatusCode.OK).Json;
        Assert.Empty(cleared.GetProperty("traffic").GetProperty("faults").EnumerateArray());
        await WaitUntilAsync(async () => (await InferAsync(Http, "fault-m", "1")).Status == HttpStatusCode.OK);
        var events = await EventsAsync(Http, "fault-m", "FaultInjectionChanged");
        Assert.Contains(events, e => e.GetProperty("actor").GetString() == ManagementGatewayFixture.Caller && e.GetProperty("message").GetString()!.Contains("declared actor: carol", StringComparison.Ordinal));
    }

    private static (string, double)[] Weights(JsonElement model) =>
        [.. model.GetProperty("traffic").GetProperty("weights").EnumerateArray().Select(w => (w.GetProperty("version").GetString()!, w.GetProperty("percent").GetDouble()))];

    /// <summary>Fronts pick up a new routing table on their next refresh; wait for it rather than sleeping a guessed time.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
