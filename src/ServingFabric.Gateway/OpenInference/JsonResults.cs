using Microsoft.AspNetCore.Http;

namespace ServingFabric.Gateway.OpenInference;

internal static class JsonResults
{
    public static Task WriteAsync(HttpContext context, int statusCode, byte[] json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }
}
