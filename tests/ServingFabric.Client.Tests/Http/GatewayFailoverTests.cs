using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Client;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Client.Tests.Http;

public class GatewayFailoverTests
{
    private static readonly Uri[] Gateways = [new("http://gw-a:8080/"), new("http://gw-b:8080/"), new("http://gw-c:8080/")];

    private static HttpInferenceClient Client(FakeHandler handler, TimeProvider? time = null, int gateways = 3) =>
        new(new HttpClient(handler), Options.Create(new ServingFabricClientOptions { BaseAddresses = Gateways.Take(gateways).ToList(), UseBinaryTensors = false }),
            time ?? TimeProvider.System, NullLogger<HttpInferenceClient>.Instance);

    private static InferenceRequest Request(TimeProvider? time = null) =>
        new InferenceRequestBuilder("iris").WithId("r").AddInput("input", [1, 4], [1f, 2f, 3f, 4f]).Build()
            with { Deadline = (time ?? TimeProvider.System).GetUtcNow() + TimeSpan.FromSeconds(5) };

    private static Task<HttpResponseMessage> Ok()
    {
        var response = new InferenceResponse("r", "iris", "1", [TensorFactory.Create("label", [1], [2L])]);
        var encoded = OipResponseCodec.Write(response, Request());
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(encoded.Content) });
    }

    private static Task<HttpResponseMessage> Status(int status, string message) =>
        Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(OipErrorJson.Write(message)) });

    private static Task<HttpResponseMessage> Refused() =>
        Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused (gw:8080)", new System.Net.Sockets.SocketException(111)));

    private static string[] Hosts(FakeHandler handler) => handler.Seen.Select(s => s.Request.RequestUri!.Host).ToArray();

    [Fact]
    public async Task InferAsync_FirstGatewayRefusesConnection_AnswersFromNext()
    {
        var handler = new FakeHandler((request, _) => request.RequestUri!.Host == "gw-a" ? Refused() : Ok());

        var response = await Client(handler).InferAsync(Request());

        Assert.Equal([2L], response.GetOutput("label").ToArray<long>());
        Assert.Equal(["gw-a", "gw-b"], Hosts(handler));
        Assert.All(handler.Seen, s => Assert.Equal("/v2/models/iris/infer", s.Request.RequestUri!.AbsolutePath));
    }

    [Fact]
    public async Task InferAsync_FirstGatewayConnectTimesOut_AnswersFromNext()
    {
        // What SocketsHttpHandler throws when ConnectTimeout passes (a frozen gateway whose listen backlog is full).
        var handler = new FakeHandler((request, _) => request.RequestUri!.Host == "gw-a"
            ? Task.FromException<HttpResponseMessage>(new TaskCanceledException("The connection attempt timed out.", new TimeoutException("connect timed out")))
            : Ok());

        var response = await Client(handler).InferAsync(Request());

        Assert.Equal([2L], response.GetOutput("label").ToArray<long>());
        Assert.Equal(["gw-a", "gw-b"], Hosts(handler));
    }

    [Fact]
    public async Task InferAsync_FirstGatewayAcceptsButNeverAnswers_NextAnswersAfterGatewayAttemptTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z"));
        var frozenReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeHandler((request, _) =>
        {
            if (request.RequestUri!.Host != "gw-a")
            {
                return Ok();
            }

            frozenReached.TrySetResult();
            return new TaskCompletionSource<HttpResponseMessage>().Task;
        });
        var request = Request(time) with { Deadline = time.GetUtcNow() + TimeSpan.FromSeconds(10) };

        var call = Client(handler, time).InferAsync(request);
        await frozenReached.Task;
        time.Advance(TimeSpan.FromSeconds(5));
        var response = await call;

        Assert.Equal([2L], response.GetOutput("label").ToArray<long>());
        Assert.Equal(["gw-a", "gw-b"], Hosts(handler));
    }

    [Fact]
    public async Task InferAsync_EveryGatewayFails_MessageSaysWhatEachGatewayDid()
    {
        var handler = new FakeHandler((request, _) => request.RequestUri!.Host == "gw-b" ? Status(503, "server is draining") : Refused());

        var ex = await Assert.ThrowsAsync<InferenceException>(() => Client(handler).InferAsync(Request()));

        Assert.Contains("http://gw-a:8080/: Connection refused", ex.Message);
        Assert.Contains("http://gw-b:8080/: HTTP 503", ex.Message);
        Assert.Contains("http://gw-c:8080/: Connection refused", ex.Message);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    public async Task InferAsync_FirstGatewayDrainingOrBadGateway_AnswersFromNext(int status)
    {
        var handler = new FakeHandler((request, _) => request.RequestUri!.Host == "gw-a" ? Status(status, "server is draining") : Ok());

        var response = await Client(handler).InferAsync(Request());

        Assert.Equal("r", response.Id);
        Assert.Equal(["gw-a", "gw-b"], Hosts(handler));
    }

    [Theory]
    [InlineData(400, InferenceErrorKind.InvalidInput)]
    [InlineData(429, InferenceErrorKind.QueueFull)]
    [InlineData(500, InferenceErrorKind.Internal)]
    [InlineData(504, InferenceErrorKind.DeadlineExceeded)]
    public async Task InferAsync_AnswerOtherThanUnavailable_NotRetried(int status, InferenceErrorKind kind)
    {
        var handler = new FakeHandler((_, _) => Status(status, "no"));

        var ex = await Assert.ThrowsAsync<InferenceException>(() => Client(handler).InferAsync(Request()));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(["gw-a"], Hosts(handler));
    }

    [Fact]
    public async Task InferAsync_EveryGatewayRefuses_EachTriedOnceThenUnavailable()
    {
        var handler = new FakeHandler((_, _) => Refused());

        var ex = await Assert.ThrowsAsync<InferenceException>(() => Client(handler).InferAsync(Request()));

        Assert.Equal(InferenceErrorKind.Unavailable, ex.Kind);
        Assert.Equal(["gw-a", "gw-b", "gw-c"], Hosts(handler));
        Assert.Contains("any of the 3 ServingFabric gateways", ex.Message);
        Assert.Contains("BaseAddresses", ex.Message);
    }

    [Fact]
    public async Task InferAsync_EveryGatewayDraining_LastAnswerSurfacesAsUnavailable()
    {
        var handler = new FakeHandler((_, _) => Status(503, "server is draining"));

        var ex = await Assert.ThrowsAsync<InferenceException>(() => Client(handler).InferAsync(Request()));

        Assert.Equal(InferenceErrorKind.Unavailable, ex.Kind);
        Assert.Equal("server is draining", ex.Message);
        Assert.Equal(3, handler.Seen.Count);
    }

    [Fact]
    public async Task InferAsync_ManyCalls_RotateOverGateways()
    {
        var handler = new FakeHandler((_, _) => Ok());
        var client = Client(handler);

        for (var i = 0; i < 6; i++)
        {
            await client.InferAsync(Request());
        }

        Assert.Equal(["gw-a", "gw-b", "gw-c", "gw-a", "gw-b", "gw-c"], Hosts(handler));
    }

    [Fact]
    public async Task InferAsync_FailedGateway_TriedLastUntilCooldownPasses()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z"));
        var aDown = true;
        var handler = new FakeHandler((request, _) => request.RequestUri!.Host == "gw-a" && aDown ? Refused() : Ok());
        var client = Client(handler, time);

        await client.InferAsync(Request(time));      // starts at a: refused, then b
        await client.InferAsync(Request(time));      // starts at b
        await client.InferAsync(Request(time));      // starts at c
        await client.InferAsync(Request(time));      // would start at a, which is cooling: b first
        Assert.Equal(["gw-a", "gw-b", "gw-b", "gw-c", "gw-b"], Hosts(handler));

        aDown = false;
        time.Advance(TimeSpan.FromSeconds(6));
        handler.Seen.Clear();
        await client.InferAsync(Request(time));      // b
        await client.InferAsync(Request(time));      // c
        await client.InferAsync(Request(time));      // a again, cooldown over
        Assert.Equal(["gw-b", "gw-c", "gw-a"], Hosts(handler));
    }

    [Fact]
    public async Task InferAsync_RetryAfterSlowFailure_SendsWhatIsLeftOfTheDeadline()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z"));
        var handler = new FakeHandler((request, _) =>
        {
            if (request.RequestUri!.Host != "gw-a")
            {
                return Ok();
            }

            time.Advance(TimeSpan.FromSeconds(2));
            return Refused();
        });

        await Client(handler, time).InferAsync(Request(time));

        var sent = handler.Seen.Select(s => long.Parse(s.Request.Headers.GetValues("x-fabric-timeout-ms").Single())).ToArray();
        Assert.Equal([5000L, 3000L], sent);
    }

    [Fact]
    public async Task InferAsync_DeadlinePassesDuringFailover_DeadlineExceeded()
    {
        var handler = new FakeHandler(async (request, _) =>
        {
            if (request.RequestUri!.Host == "gw-a")
            {
                return await Refused();
            }

            await Task.Delay(TimeSpan.FromSeconds(30));
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var request = Request() with { Deadline = DateTimeOffset.UtcNow.AddMilliseconds(300) };

        var ex = await Assert.ThrowsAsync<InferenceException>(() => Client(handler).InferAsync(request));

        Assert.Equal(InferenceErrorKind.DeadlineExceeded, ex.Kind);
        Assert.Equal(["gw-a", "gw-b"], Hosts(handler));
    }

    [Fact]
    public async Task IsServerReadyAsync_FirstUnreachable_AsksNext_ButNotReadyIsAnAnswer()
    {
        var refused = new FakeHandler((request, _) => request.RequestUri!.Host == "gw-a" ? Refused() : Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)));
        Assert.True(await Client(refused).IsServerReadyAsync());
        Assert.Equal(["gw-a", "gw-b"], Hosts(refused));

        var draining = new FakeHandler((request, _) => request.RequestUri!.Host == "gw-a" ? Status(503, "server is draining") : Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)));
        Assert.False(await Client(draining).IsServerReadyAsync());
        Assert.Equal(["gw-a"], Hosts(draining));
    }

    [Fact]
    public async Task Constructor_BaseAddressAndList_JoinedWithoutDuplicates()
    {
        var handler = new FakeHandler((_, _) => Refused());
        var options = new ServingFabricClientOptions { BaseAddress = new Uri("http://gw-a:8080"), BaseAddresses = [new Uri("http://gw-a:8080/"), new Uri("http://gw-b:8080/prefix")] };

        await Assert.ThrowsAsync<InferenceException>(() => new HttpInferenceClient(new HttpClient(handler), options).InferAsync(Request()));

        Assert.Equal(["http://gw-a:8080/v2/models/iris/infer", "http://gw-b:8080/prefix/v2/models/iris/infer"], handler.Seen.Select(s => s.Request.RequestUri!.AbsoluteUri));
    }

    [Fact]
    public void AddServingFabricClient_BaseAddressesOnly_ValidAndBadEntryNamed()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddServingFabricClient(o => o.BaseAddresses = [.. Gateways]);
        using var provider = services.BuildServiceProvider();
        Assert.IsType<HttpInferenceClient>(provider.GetRequiredService<IInferenceClient>());

        var bad = new ServiceCollection().AddLogging();
        bad.AddServingFabricClient(o =>
        {
            o.BaseAddresses = [new Uri("ftp://gw:21/"), Gateways[0]];
            o.GatewayFailureCooldown = TimeSpan.FromSeconds(-1);
        });
        using var badProvider = bad.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptions<ServingFabricClientOptions>>().Value);
        Assert.Contains("BaseAddresses holds 'ftp://gw", ex.Message);
        Assert.Contains("GatewayFailureCooldown", ex.Message);
    }
}
