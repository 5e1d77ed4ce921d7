using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ServingFabric.Chaos.Load;

/// <summary>
/// Plain HTTP with an Open Inference Protocol JSON body, no SDK: what a caller behind an ingress sees. The ingress is
/// modelled the way one is usually configured for an idempotent API (nginx <c>proxy_next_upstream</c>, Envoy
/// <c>retry_on: connect-failure,retriable-status-codes</c> with a per-try timeout): gateways in turn, and a try that
/// cannot connect, answers 502/503, or does not answer within <see cref="PerTryTimeout"/> goes to the next gateway,
/// all within the request's deadline. Any other answer is final.
/// </summary>
internal sealed class RawHttpSender(HttpClient http, IReadOnlyList<Uri> gateways, string model, string apiKey, TimeSpan timeout) : IRequestSender
{
    /// <summary>A healthy gateway answers an iris row in milliseconds; a frozen one never does.</summary>
    public static readonly TimeSpan PerTryTimeout = TimeSpan.FromSeconds(2);

    private long _next;

    public string Name => "http";

    public async Task<string?> SendAsync(long sequence, float[] row, long expectedLabel)
    {
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"id":"http-{{sequence}}","inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[{{string.Join(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}]}"""));
        using var deadline = new CancellationTokenSource(timeout);
        var first = (int)(Interlocked.Increment(ref _next) % gateways.Count);
        string? cause = null;
        for (var attempt = 0; attempt < gateways.Count; attempt++)
        {
            var gateway = gateways[(first + attempt) % gateways.Count];
            using var perTry = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            perTry.CancelAfter(PerTryTimeout);
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, $"/v2/models/{model}/infer"))
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                };
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                message.Headers.TryAddWithoutValidation("x-fabric-timeout-ms", ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
                using var response = await http.SendAsync(message, perTry.Token);
                var content = await response.Content.ReadAsByteArrayAsync(perTry.Token);
                if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable)
                {
                    cause = FailureCauses.Of(response.StatusCode);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return FailureCauses.Of(response.StatusCode);
                }

                return Label(content) == expectedLabel ? null : FailureCauses.WrongAnswer;
            }
            catch (HttpRequestException ex)
            {
                cause = FailureCauses.Of(ex);
            }
            catch (OperationCanceledException)
            {
                cause = FailureCauses.Timeout;
                if (deadline.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        return cause;
    }

    private static long Label(byte[] content)
    {
        using var json = JsonDocument.Parse(content);
        foreach (var output in json.RootElement.GetProperty("outputs").EnumerateArray())
        {
            if (output.GetProperty("name").GetString() == "label")
            {
                return output.GetProperty("data")[0].GetInt64();
            }
        }

        return -1;
    }
}
