using System.Net;
using System.Text;
using System.Text.Json;
using ServingFabric.Chaos.Fabric;

namespace ServingFabric.Chaos.Running;

/// <summary>
/// A router state write through the management API: <c>PUT /v1/models/iris</c> with an explicit split
/// (version 1 at 100 %), which changes the stored traffic policy without changing where requests go.
/// </summary>
internal sealed class RouterWriteProbe(ChaosCluster cluster)
{
    private const string Body = """{"weights": [{"version": "1", "percent": 100}], "reason": "chaos: a router write"}""";

    /// <summary>Status code and, for a refusal, the Retry-After header and error; each try on the next live gateway.</summary>
    public async Task<WriteAttempt> PutSplitAsync()
    {
        foreach (var silo in cluster.Silos.Where(s => s.IsRunning && !s.IsFrozen))
        {
            try
            {
                using var content = new StringContent(Body, Encoding.UTF8, "application/json");
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                using var message = new HttpRequestMessage(HttpMethod.Put, new Uri(silo.BaseAddress, $"/v1/models/{ChaosCluster.Model}")) { Content = content };
                message.Headers.Authorization = cluster.Admin.DefaultRequestHeaders.Authorization;
                var started = DateTimeOffset.UtcNow;
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
                using var response = await http.SendAsync(message, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                return new WriteAttempt(response.StatusCode, response.Headers.RetryAfter?.Delta, (DateTimeOffset.UtcNow - started).TotalSeconds, text.Length > 300 ? text[..300] : text);
            }
            catch (HttpRequestException)
            {
                // That gateway is going; try the next.
            }
        }

        return new WriteAttempt(null, null, 0, "no gateway answered");
    }

    /// <summary>True when the router's traffic policy now holds the explicit split the probe writes.</summary>
    public async Task<bool> SplitIsStoredAsync()
    {
        foreach (var silo in cluster.Silos.Where(s => s.IsRunning && !s.IsFrozen))
        {
            try
            {
                using var response = await cluster.Admin.GetAsync(new Uri(silo.BaseAddress, $"/v1/models/{ChaosCluster.Model}"));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    continue;
                }

                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return json.RootElement.TryGetProperty("traffic", out var traffic)
                    && traffic.TryGetProperty("weights", out var weights)
                    && weights.ValueKind == JsonValueKind.Array
                    && weights.GetArrayLength() == 1;
            }
            catch (HttpRequestException)
            {
                // Ask the next.
            }
        }

        return false;
    }
}

/// <summary>What one management write got: status (null: no gateway answered), Retry-After, how long it took, and the body's start.</summary>
internal sealed record WriteAttempt(HttpStatusCode? Status, TimeSpan? RetryAfter, double Seconds, string Body)
{
    public override string ToString() =>
        Status is { } s ? $"HTTP {(int)s} after {Seconds:F1} s{(RetryAfter is { } r ? $", Retry-After {r.TotalSeconds:F0} s" : "")}: {Body}" : Body;
}
