using System.Net;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using ServingFabric.Tests.Shared.Fuzzing;
using Xunit.Abstractions;

namespace ServingFabric.Gateway.Tests.Fuzzing;

/// <summary>
/// A seeded run of hostile requests against a whole silo over real HTTP: hostile inference bodies (JSON and binary),
/// management bodies, path tricks in model and version names, out-of-range fabric headers, and malformed chunked
/// bodies on a socket of our own. Every answer is a 2xx or 4xx, never a 5xx, and the silo is healthy afterwards.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HostileHttpFuzzTests(GatewayFixture fixture, ITestOutputHelper output)
{
    private const int Requests = 5_200;
    private const ulong Seed = 20260417;
    private const string ValidBody = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";

    private static readonly string[] HostileNames =
    [
        "..%2F..%2Fetc%2Fpasswd", "%2E%2E", "..", "%00", "%FF", "%C0%AF", "%ED%A0%80", "a%2Fb", "con", "iris%20", "%E2%80%AE",
        "iris", "iris.", ".hidden", "-", "_", "%5C..%5C", "%252e%252e",
    ];

    // A short but valid deadline is left out: its 504 would be the right answer, and timing-dependent.
    private static readonly string[] Timeouts =
    [
        "252000000000000", "9223372036854775807", "9223372036854775808", "99999999999999999999999", "-1", "0", "abc", "1e3", "5 000", "5000",
        "60000", "60001", "",
    ];

    private static readonly string[] ChunkSizes = ["80000000", "FFFFFFFF", "FFFFFFFFFFFFFFFF", "100000000", "zz", "-1", "7fffffff", "1;ext=\"x\"", ""];

    private static readonly string[] ManagementPaths =
    [
        "PUT /v1/models/fuzz-m", "PUT /v1/models/fuzz-m/scaling", "POST /v1/models/fuzz-m/canary", "POST /v1/models/fuzz-m/experiments",
        "POST /v1/models/fuzz-m/versions", "POST /v1/models/fuzz-m/feedback", "POST /v1/models/fuzz-m/rollback",
        "PUT /v1/models/fuzz-m/versions/1/fault", "POST /v2/repository/index",
    ];

    [Fact]
    public async Task HostileRequests_SeededRun_Only4xxAndHealthyAfter()
    {
        var gen = Gen.Select(Gen.Int[0, 99], HostileJson.Damaged(HostileJson.Request), Gen.Int[0, 1000], Gen.Int[0, 1000], HostileJson.Value(3));
        var pcg = new PCG(7, Seed);
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < Requests; i++)
        {
            var (kind, body, a, b, value) = gen.Generate(pcg, null, out _);
            var (description, status) = await SendAsync(kind, body, a, b, value);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"request {i} of the run with PCG stream 7 seed {Seed} answered {status}: {description}");
        }

        output.WriteLine($"{Requests} hostile requests (PCG stream 7, seed {Seed}); answers by status: {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync("/v2/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync("/v2/health/ready")).StatusCode);
        using var infer = await PostAsync("/v2/models/iris/infer", Encoding.UTF8.GetBytes(ValidBody));
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
    }

    private async Task<(string Description, int Status)> SendAsync(int kind, byte[] body, int a, int b, byte[] value)
    {
        switch (kind)
        {
            case < 40:
                return await StatusAsync($"infer JSON {HostileJson.Print(body)}", PostAsync("/v2/models/iris/infer", body));
            case < 50:
            {
                var header = a % 3 == 0 ? "x" + a : (body.Length - (a % 7) + 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var binary = body.Concat(Enumerable.Repeat((byte)b, a % 40)).ToArray();
                return await StatusAsync($"infer binary (header length {header}) {HostileJson.Print(binary)}",
                    PostAsync("/v2/models/iris/infer", binary, ("Inference-Header-Content-Length", header), contentType: "application/octet-stream"));
            }

            case < 65:
            {
                var route = ManagementPaths[a % ManagementPaths.Length].Split(' ');
                var payload = b % 2 == 0 ? value : body;
                using var request = new HttpRequestMessage(new HttpMethod(route[0]), route[1]) { Content = Json(payload) };
                return await StatusAsync($"{route[0]} {route[1]} {HostileJson.Print(payload)}", fixture.Http.SendAsync(request));
            }

            case < 75:
            {
                var name = HostileNames[a % HostileNames.Length];
                var version = HostileNames[b % HostileNames.Length];
                var path = (a % 4) switch
                {
                    0 => $"/v2/models/{name}/infer",
                    1 => $"/v2/models/{name}/versions/{version}/infer",
                    2 => $"/v2/models/{name}/ready",
                    _ => $"/v2/models/{name}/versions/{version}",
                };
                if (a % 4 < 2)
                {
                    return await StatusAsync($"POST {path}", PostAsync(path, Encoding.UTF8.GetBytes(ValidBody)));
                }

                return await StatusAsync($"GET {path}", fixture.Http.GetAsync(path));
            }

            case < 85:
            {
                var timeout = Timeouts[a % Timeouts.Length];
                var key = new string('k', b % 400);
                return await StatusAsync($"infer with x-fabric-timeout-ms '{timeout}', routing key of {key.Length}",
                    PostAsync("/v2/models/iris/infer", Encoding.UTF8.GetBytes(ValidBody), ("x-fabric-timeout-ms", timeout), ("x-fabric-routing-key", key)));
            }

            case < 92:
                return await ChunkedAsync(ChunkSizes[a % ChunkSizes.Length], body, truncate: b % 3 == 0);
            default:
                return await StatusAsync("valid infer", PostAsync("/v2/models/iris/infer", Encoding.UTF8.GetBytes(ValidBody)));
        }
    }

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body, params (string Name, string Value)[] headers) =>
        PostAsync(path, body, headers, "application/json");

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body, (string Name, string Value) header, string contentType) =>
        PostAsync(path, body, [header], contentType);

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body, (string Name, string Value)[] headers, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return fixture.Http.SendAsync(request);
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private static async Task<(string, int)> StatusAsync(string description, Task<HttpResponseMessage> send)
    {
        using var response = await send;
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            description += $" -> {await response.Content.ReadAsStringAsync()}";
        }

        return (description, status);
    }

    // Kestrel may reset a connection whose request it refused before reading all of it: keep what arrived before.
    private static async Task<string> ReadAnswerAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    // HttpClient always writes well-formed chunks, so hostile chunk sizes go on a socket of our own.
    private async Task<(string, int)> ChunkedAsync(string chunkSize, byte[] body, bool truncate)
    {
        var address = fixture.Http.BaseAddress!;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        var head = $"POST /v2/models/iris/infer HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunkSize}\r\n";
        byte[] request = [.. Encoding.ASCII.GetBytes(head), .. body, .. truncate ? [] : "\r\n0\r\n\r\n"u8.ToArray()];
        try
        {
            await stream.WriteAsync(request);
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // Kestrel refused the request and closed before reading all of it; its answer may still be there to read.
        }

        var answer = await ReadAnswerAsync(stream);
        var description = $"chunked body, chunk size '{chunkSize}'{(truncate ? ", truncated" : "")}: {HostileJson.Print(body)} -> {answer}";

        // A connection Kestrel resets after its answer (or without one, for a malformed request line) is no 5xx either.
        return answer.Length >= 12 && int.TryParse(answer.AsSpan(9, 3), out var status) ? (description, status) : (description, 400);
    }
}
