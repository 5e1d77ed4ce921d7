using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ServingFabric.Perf.Measurement;

namespace ServingFabric.Perf.Paths;

/// <summary>
/// The Open Inference Protocol over HTTP/1.1 with bodies the payload encoded ahead of time (JSON numbers or Triton's
/// binary tensors), so the measurement is the gateway and the fabric, not this process's encoder. The answer is
/// read whole, as a client must, but not decoded.
/// </summary>
internal sealed class HttpPath(HttpClient http, string model, IPayloadSource payload, bool binary, string? name = null) : IRequestPath
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue Binary = new("application/octet-stream");

    private readonly Uri _infer = new($"v2/models/{model}/infer", UriKind.Relative);

    public string Name => name ?? (binary ? "http-binary" : "http-json");

    public string Model => model;

    public int RowsPerRequest => 1;

    public async ValueTask<RequestOutcome> SendAsync(long sequence)
    {
        var body = payload.Body(sequence, binary);
        using var content = new ByteArrayContent(body.Content);
        content.Headers.ContentType = body.InferenceHeaderLength is null ? Json : Binary;
        using var message = new HttpRequestMessage(HttpMethod.Post, _infer) { Content = content };
        if (body.InferenceHeaderLength is { } headerLength)
        {
            message.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", headerLength.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead);
        if (response.IsSuccessStatusCode)
        {
            return RequestOutcome.Ok;
        }

        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            return RequestOutcome.Refused;
        }

        var text = await response.Content.ReadAsStringAsync();
        throw new HttpRequestException($"HTTP {(int)response.StatusCode} from {model}: {text}", null, response.StatusCode);
    }
}
