using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ServingFabric.Gateway.Status;

namespace ServingFabric.Gateway.Tests.Status;

/// <summary>The status page as a loopback caller of the embedded default (every scope but faults) gets it.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class StatusPageTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Page_FromLoopback_Returns200HtmlWithStrictHeaders()
    {
        using var response = await fixture.Http.GetAsync("/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        AssertSecurityHeaders(response);
        Assert.Contains("<title>ServingFabric status</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/status/status.css", "text/css")]
    [InlineData("/status/status.js", "text/javascript")]
    public async Task Asset_FromLoopback_IsServedWithItsContentType(string path, string mediaType)
    {
        using var response = await fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(response);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 1000, $"{path} is nearly empty");
    }

    [Fact]
    public async Task Page_EveryScriptAndStylesheetItReferences_IsServed()
    {
        var html = await fixture.Http.GetStringAsync("/status");
        var references = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();

        Assert.Equal(["/status/status.css", "/status/status.js"], references.Order(StringComparer.Ordinal));
        foreach (var reference in references)
        {
            using var response = await fixture.Http.GetAsync(reference);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{reference} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Page_NoInlineScriptStyleOrHandler_SoTheCspNeedsNoUnsafeInline()
    {
        var html = await fixture.Http.GetStringAsync("/status");

        Assert.All(ScriptTag().Matches(html), tag => Assert.Contains(" src=", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(InlineAttribute(), html);
    }

    [Fact]
    public async Task Script_BuildsTheDomFromText_NeverFromHtml()
    {
        var script = await fixture.Http.GetStringAsync("/status/status.js");

        // Model names, reasons and event texts are hostile: an HTML sink would turn them into markup.
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
        {
            Assert.DoesNotContain(sink, script, StringComparison.Ordinal);
        }

        Assert.Contains("textContent", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithTheETagItWasServedWith_Returns304WithoutBody()
    {
        using var first = await fixture.Http.GetAsync("/status/status.js");
        var etag = first.Headers.ETag ?? throw new InvalidOperationException("no ETag on the status page script");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status/status.js");
        request.Headers.IfNoneMatch.Add(etag);

        using var second = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, second.Headers.ETag);
    }

    [Fact]
    public async Task Page_WithAnotherETag_Returns200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"an-older-build\""));

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(StatusPageEndpoints.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("script-src 'self'", StatusPageEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", StatusPageEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl is { Private: true, NoCache: true }, $"Cache-Control is {response.Headers.CacheControl}");
        Assert.NotNull(response.Headers.ETag);
    }

    [GeneratedRegex("""<(?:script|link)\b[^>]*\b(?:src|href)="(?<url>[^"]+)"[^>]*>""")]
    private static partial Regex AssetReference();

    [GeneratedRegex("<script\\b[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("""\s(?:style|on[a-z]+)\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineAttribute();
}
