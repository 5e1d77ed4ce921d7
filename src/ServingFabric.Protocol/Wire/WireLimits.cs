using System.Text;

namespace ServingFabric.Protocol;

/// <summary>
/// Bounds on the small strings of a body, which the fabric keeps, hashes, logs and echoes back: a request id of
/// 60 MB was once accepted and returned in the response. Tensor data is bounded by the body size alone.
/// </summary>
public static class WireLimits
{
    /// <summary>The longest request id, in UTF-8 bytes: room for any UUID, trace id or client correlation id.</summary>
    public const int MaxIdBytes = 256;

    /// <summary>The longest tensor, output or parameter name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 256;

    /// <summary>The most entries one "parameters" object may have.</summary>
    public const int MaxParameters = 64;

    /// <summary>The longest JSON text of one parameter value, in UTF-8 bytes.</summary>
    public const int MaxParameterValueBytes = 4096;

    internal static void CheckId(string id, string owner)
    {
        var bytes = Encoding.UTF8.GetByteCount(id);
        if (bytes > MaxIdBytes)
        {
            throw ProtocolErrors.Invalid($"{owner}: \"id\" is {bytes} bytes; the limit is {MaxIdBytes}. Send a shorter id, such as a UUID.");
        }
    }

    internal static void CheckName(string name, string where)
    {
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxNameBytes)
        {
            throw ProtocolErrors.Invalid($"{where}: the name '{Shorten(name)}' is {bytes} bytes; the limit is {MaxNameBytes}.");
        }
    }

    /// <summary>A caller's string as it may appear in a message: at most 64 characters.</summary>
    internal static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 61), "...");
}
