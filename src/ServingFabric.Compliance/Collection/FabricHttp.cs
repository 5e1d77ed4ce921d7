using System.Net.Http.Headers;
using System.Text;

namespace ServingFabric.Compliance.Collection;

/// <summary>
/// Calls the audited gateway with or without the auditor's key. Answers are read up to a bound: the gateway is the
/// system under audit, and a huge or endless body must not exhaust the auditor's machine.
/// </summary>
internal sealed class FabricHttp(HttpClient http, Uri baseAddress, string? apiKey)
{
    public const int MaxBodyBytes = 32 * 1024 * 1024;

    public Uri BaseAddress => baseAddress;

    public Task<FabricAnswer> GetAsync(string path, CancellationToken cancellationToken, bool anonymous = false) =>
        SendAsync(HttpMethod.Get, path, null, anonymous, cancellationToken);

    public Task<FabricAnswer> PostAsync(string path, string json, CancellationToken cancellationToken, bool anonymous = false) =>
        SendAsync(HttpMethod.Post, path, json, anonymous, cancellationToken);

    private async Task<FabricAnswer> SendAsync(HttpMethod method, string path, string? json, bool anonymous, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        if (!anonymous && apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new InvalidDataException($"{method} {path} answered more than {MaxBodyBytes / (1024 * 1024)} MB; refusing to read further");
            }

            buffer.Write(chunk, 0, read);
        }

        return new FabricAnswer($"{method} {path}", (int)response.StatusCode, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}

/// <summary>A gateway's answer: the request line, the status and the body.</summary>
internal sealed record FabricAnswer(string Request, int Status, string Body)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The body shortened for evidence lines, with control characters removed.</summary>
    public string Excerpt => new([.. (Body.Length > 300 ? Body[..300] + "…" : Body).Select(c => char.IsControl(c) ? ' ' : c)]);

    public string Failure => $"{Request} answered {Status}: {Excerpt}";
}
