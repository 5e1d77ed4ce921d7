using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Perf.Measurement;

namespace ServingFabric.Compliance.Drills;

/// <summary>
/// The load drill's request: one JSON infer over HTTP with the auditor's key. Each answer is also kept on a timeline
/// (latency from the actual send) for the latency plot and the count within the latency objective.
/// </summary>
internal sealed class HttpInferPath(HttpClient http, Uri gateway, string? apiKey, string model, string body) : IRequestPath
{
    public const int MaxTimelinePoints = 200_000;

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<LatencyPoint> _timeline = new();

    public string Name => "http-json";

    public string Model => model;

    public int RowsPerRequest => 1;

    public IReadOnlyList<LatencyPoint> Timeline => [.. _timeline.OrderBy(p => p.AtSeconds)];

    public async ValueTask<RequestOutcome> SendAsync(long sequence)
    {
        var sent = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, $"/v2/models/{Uri.EscapeDataString(model)}/infer"))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            if (apiKey is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            }

            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            if (status is 429 or 503)
            {
                return RequestOutcome.Refused;
            }

            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync();
                throw new HttpRequestException($"infer answered {status}: {(text.Length > 200 ? text[..200] : text)}");
            }

            succeeded = true;
            return RequestOutcome.Ok;
        }
        finally
        {
            if (_timeline.Count < MaxTimelinePoints)
            {
                _timeline.Enqueue(new LatencyPoint(
                    Stopwatch.GetElapsedTime(_started, sent).TotalSeconds, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, succeeded));
            }
        }
    }
}
