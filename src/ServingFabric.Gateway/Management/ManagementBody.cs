using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// Reads a management request's JSON body strictly into its source-generated contract: a JSON object whose fields are
/// all known, each once, of the right types, with every required field. Every mistake is a 400 naming the field, what
/// it was and what is expected, with an example of a correct body; hostile bodies (deep nesting, huge numbers, wrong
/// types, duplicates) are 400s too, never 500s.
/// </summary>
internal static class ManagementBody
{
    /// <summary>Management bodies are small settings objects; anything larger is a mistake.</summary>
    public const long MaxBytes = 64 * 1024;

    /// <summary>Nesting deeper than any contract is refused while parsing, before anything walks it.</summary>
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 32 };

    /// <summary>
    /// Parses the body. An empty body is the contract of an empty object when <paramref name="required"/> is false,
    /// else a 400.
    /// </summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, ManagementBodySchema<T> schema, bool required = true)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw new InferenceException(InferenceErrorKind.TooLarge,
                $"request body of {request.ContentLength} bytes is larger than a management request may be ({MaxBytes} bytes); send only the settings, such as {schema.Example}");
        }

        var body = await RequestBodyReader.ReadAsync(request, MaxBytes, request.HttpContext.RequestAborted);
        if (body.IsEmpty || body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return required
                ? throw new InferenceException(InferenceErrorKind.InvalidInput, $"request body is empty; send a JSON object such as {schema.Example}")
                : Deserialize("{}"u8.ToArray(), schema);
        }

        return Deserialize(body, schema);
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> body, ManagementBodySchema<T> schema)
    {
        using var document = Parse(body, schema.Example);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw schema.Invalid($"is {BodyMessages.Describe(root)}", "a JSON object");
        }

        try
        {
            return root.Deserialize(schema.TypeInfo) ?? throw schema.Invalid("is null", "a JSON object");
        }
        catch (JsonException refusal)
        {
            throw ManagementBodyExplainer.Explain(root, schema, refusal);
        }
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body, string example)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ParseOptions);
        }
        catch (JsonException ex)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}); send a JSON object such as {example}", ex);
        }

        // System.Text.Json parses invalid UTF-8 and lone escaped surrogates and throws only when a string is read.
        if (WireJsonText.FindInvalidString(body.Span, new JsonReaderOptions { MaxDepth = ParseOptions.MaxDepth }) is { } where)
        {
            document.Dispose();
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"request body has {where} that is not valid Unicode (invalid UTF-8, or an escaped surrogate such as \\ud800 without its pair); send UTF-8 text such as {example}");
        }

        return document;
    }
}
