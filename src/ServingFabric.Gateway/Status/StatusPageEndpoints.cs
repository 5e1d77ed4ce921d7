using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using ServingFabric.Gateway.Auth;

namespace ServingFabric.Gateway.Status;

/// <summary>
/// The live status page at <c>/status</c>: static HTML, CSS and JavaScript that poll the /v1 management API from the
/// browser. It needs the <c>read</c> scope, as those reads do: the page itself holds no data, but it shows what is
/// deployed and where, and its assets are of no use to anyone who cannot read.
/// </summary>
internal static class StatusPageEndpoints
{
    /// <summary>
    /// Everything the page renders comes from the fabric's data (model names, reasons, event texts), which callers and
    /// operators control: scripts and styles come only from this origin's files, never inline, so even a rendering
    /// mistake cannot run injected script; nothing may frame the page (clickjacking).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly StatusPageAsset Page = StatusPageAsset.Load("index.html", "text/html; charset=utf-8");
    private static readonly StatusPageAsset Style = StatusPageAsset.Load("status.css", "text/css; charset=utf-8");
    private static readonly StatusPageAsset Script = StatusPageAsset.Load("status.js", "text/javascript; charset=utf-8");

    public static void MapStatusPage(this IEndpointRouteBuilder app)
    {
        var status = app.MapGroup("/status").RequireAuthorization(FabricPolicies.Read);
        Map(status, "", Page, "The live status page (HTML): models, replicas by zone, traffic, availability, releases and events.");
        Map(status, "/status.css", Style, "The status page's stylesheet.");
        Map(status, "/status.js", Script, "The status page's script, which polls the /v1 reads.");
    }

    // As Delegate: a bare (HttpContext) handler would bind as a RequestDelegate, which the OpenAPI document leaves out.
    private static void Map(RouteGroupBuilder group, string path, StatusPageAsset asset, string summary) =>
        group.MapGet(path, (Delegate)((HttpContext c) => ServeAsync(c, asset)))
            .WithSummary(summary)
            .Produces(StatusCodes.Status200OK, contentType: asset.ContentType[..asset.ContentType.IndexOf(';', StringComparison.Ordinal)])
            .Produces(StatusCodes.Status304NotModified);

    private static Task ServeAsync(HttpContext context, StatusPageAsset asset)
    {
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // Private: the files are behind a credential. no-cache: revalidate every time, so a new build's page and script
        // are never mixed, at the price of a 304 per load.
        response.Headers.CacheControl = "private, no-cache";
        response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Any(tag => tag is not null && tag.Split(',').Any(t => t.Trim() == asset.ETag)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }
}
