using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace ServingFabric.Protocol;

/// <summary>
/// Checks that every string and property name of a JSON text is valid Unicode before any code reads it as text:
/// System.Text.Json accepts raw invalid UTF-8 and escaped lone surrogates (<c>"\ud800"</c>) while parsing and throws
/// <see cref="InvalidOperationException"/> only later, when a value is read as a string, far from where a caller's
/// mistake could be named. One forward pass, allocation-free for unescaped text.
/// </summary>
public static class WireJsonText
{
    /// <summary>
    /// Where the first invalid string is, as "a string at byte N" or "a property name at byte N"; null when every
    /// string is valid Unicode. Syntax errors are not reported here (the parser names them); the pass stops at one.
    /// </summary>
    /// <param name="json">UTF-8 JSON text.</param>
    /// <param name="options">The reader options the caller parses with (comments, trailing commas, depth).</param>
    public static string? FindInvalidString(ReadOnlySpan<byte> json, JsonReaderOptions options = default)
    {
        var reader = new Utf8JsonReader(json, options);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !IsValid(ref reader))
                {
                    var what = reader.TokenType == JsonTokenType.PropertyName ? "a property name" : "a string";
                    return $"{what} at byte {reader.TokenStartIndex}";
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static bool IsValid(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return Utf8.IsValid(raw);
        }

        // Unescaping never lengthens the text, so the raw length is room enough.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(raw.Length, 1));
        try
        {
            var written = reader.CopyString(buffer);
            return Utf8.IsValid(buffer.AsSpan(0, written));
        }
        catch (InvalidOperationException)
        {
            // An escaped surrogate without its pair.
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
