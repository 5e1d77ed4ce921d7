using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// Reads a management request's JSON body strictly: a JSON object whose fields are all known, each once. Every
/// mistake is a 400 naming the field, what it was and what is expected, with an example of a correct body.
/// </summary>
internal static class ManagementBody
{
    /// <summary>Management bodies are small settings objects; anything larger is a mistake.</summary>
    public const long MaxBytes = 64 * 1024;

    /// <summary>
    /// Parses the body. An empty body is an empty object when <paramref name="required"/> is false, else a 400.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="allowed">The fields this endpoint knows.</param>
    /// <param name="example">A correct body, shown in every error.</param>
    /// <param name="required">Whether the endpoint needs a body at all.</param>
    public static async Task<JsonFields> ReadAsync(HttpRequest request, IReadOnlyList<string> allowed, string example, bool required = true)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw new InferenceException(InferenceErrorKind.TooLarge,
                $"request body of {request.ContentLength} bytes is larger than a management request may be ({MaxBytes} bytes); send only the settings, such as {example}");
        }

        var body = await RequestBodyReader.ReadAsync(request, MaxBytes, request.HttpContext.RequestAborted);
        if (body.IsEmpty || body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return required
                ? throw new InferenceException(InferenceErrorKind.InvalidInput,
                    $"request body is empty; send a JSON object such as {example}")
                : JsonFields.Empty(allowed, example);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}); send a JSON object such as {example}", ex);
        }

        return JsonFields.Of(root, "", allowed, example);
    }
}
