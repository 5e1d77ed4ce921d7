using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>Keys file reloads, the denial metric and the audited actor, on a silo with keys and JWTs configured.</summary>
[Collection(AuthGatewayCollection.Name)]
public sealed class AuthGatewayTests(AuthGatewayFixture fixture)
{
    [Fact]
    public async Task RevokedInTheKeysFile_KeyInUse_IsRefusedWithinTheReloadInterval()
    {
        var key = fixture.Credentials.Key("to-revoke");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/v1/events?model=iris", key));

        fixture.Credentials.Revoke("to-revoke");

        // The interval is 100 ms; the deadline only bounds a failure.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await StatusAsync(HttpMethod.Get, "/v1/events?model=iris", key) != HttpStatusCode.Unauthorized)
        {
            await Task.Delay(AuthGatewayFixture.ReloadInterval, deadline.Token);
        }

        using var request = Request(HttpMethod.Get, "/v1/events?model=iris", key);
        using var response = await fixture.Http.SendAsync(request);
        Assert.Contains("was revoked at", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/v1/events?model=iris", fixture.Credentials.Key("ops-all")));
    }

    [Fact]
    public async Task Denial_ExpiredKey_IsCountedByReason()
    {
        // Read from the instrument itself: several silos share this test process, and each exporter keeps the
        // first of the same-named instruments it sees, which may be another silo's.
        long expiredDenials = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "ServingFabric" && instrument.Name == "servingfabric.auth.denied")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && (string?)tag.Value == "expired_key")
                {
                    Interlocked.Add(ref expiredDenials, value);
                }
            }
        });
        listener.Start();

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/v2", fixture.Credentials.Key("expired")));

        Assert.Equal(1, Interlocked.Read(ref expiredDenials));
    }

    [Fact]
    public async Task Change_ByKeyWithDeclaredActor_RecordsThePrincipalAndKeepsTheDeclaredActorAsANote()
    {
        using var change = Request(HttpMethod.Put, "/v1/models/iris/scaling", fixture.Credentials.Key("ops-bot"),
            """{"max_replicas": 2, "reason": "audit test"}""");
        change.Headers.Add("x-fabric-actor", "alice");
        using var changed = await fixture.Http.SendAsync(change);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        using var read = Request(HttpMethod.Get, "/v1/events?model=iris", fixture.Credentials.Key("ops-bot"));
        using var answer = await fixture.Http.SendAsync(read);
        using var events = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var scaling = events.RootElement.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "ScalingChanged");
        Assert.Equal("key:ops-bot", scaling.GetProperty("actor").GetString());
        Assert.Contains("audit test; declared actor: alice", scaling.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_WithApiKeyHeader_IsAuthenticatedLikeBearer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/models/iris");
        request.Headers.Add("x-api-key", fixture.Credentials.Key("pattern-match"));

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string key)
    {
        using var request = Request(method, path, key);
        using var response = await fixture.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string key, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }
}
