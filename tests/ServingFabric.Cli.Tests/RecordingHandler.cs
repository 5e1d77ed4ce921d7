using System.Net;
using System.Text;

namespace ServingFabric.Cli.Tests;

/// <summary>An HTTP handler that records each request (method, URI, headers, body) and answers from a script, in order.</summary>
internal sealed class RecordingHandler(params (HttpStatusCode Status, string Body)[] answers) : HttpMessageHandler
{
    private int _next;

    public List<(HttpMethod Method, Uri Uri, string? Authorization, string? Actor, string? Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
            request.Headers.TryGetValues("x-fabric-actor", out var actors) ? actors.Single() : null, body));
        var (status, text) = answers[Math.Min(_next++, answers.Length - 1)];
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }
}
