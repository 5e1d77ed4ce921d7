using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>Sends management calls over real HTTP and hands back status and parsed JSON.</summary>
public sealed class ManagementHttp(HttpClient http, string? apiKey) : IDisposable
{
    public HttpClient Client => http;

    /// <summary>A call with the admin key (when the fixture has one) and an actor.</summary>
    public Task<Answer> SendAsync(HttpMethod method, string path, string? body = null, string? actor = "tester") =>
        SendAsync(method, path, body, apiKey, actor);

    /// <summary>A call with exactly this key (null: no Authorization header).</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, string? body, string? key, string? actor)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (actor is not null)
        {
            request.Headers.Add("x-fabric-actor", actor);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, text, response.Headers.WwwAuthenticate.ToString());
    }

    /// <summary>A read with the admin key (when the fixture has one).</summary>
    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, apiKey, null);

    public async Task WaitUntilReadyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await http.GetAsync("/v2/health/ready", timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public void Dispose() => http.Dispose();

    /// <summary>An answer: status, body text and the WWW-Authenticate header.</summary>
    public sealed record Answer(HttpStatusCode Status, string Text, string WwwAuthenticate)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;

        public string Error => Json.GetProperty("error").GetString()!;

        /// <summary>Asserts the status, showing the body when it differs.</summary>
        public Answer Expect(HttpStatusCode expected)
        {
            Assert.True(expected == Status, $"expected {(int)expected}, got {(int)Status}: {Text}");
            return this;
        }
    }
}
