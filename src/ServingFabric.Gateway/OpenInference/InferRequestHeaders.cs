using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.OpenInference;

/// <summary>
/// The fabric's own request headers on an inference call, bounded: <c>x-fabric-timeout-ms</c> (a positive number of
/// milliseconds, cut to <see cref="GatewayOptions.MaxRequestTimeout"/>) and <c>x-fabric-routing-key</c> (at most
/// <see cref="MaxRoutingKeyBytes"/> bytes of UTF-8). Anything else is refused with 400 and what to send instead.
/// </summary>
internal static class InferRequestHeaders
{
    public const string TimeoutHeader = "x-fabric-timeout-ms";
    public const string RoutingKeyHeader = "x-fabric-routing-key";

    /// <summary>The longest routing key: enough for any user or session id, short enough to hash and log.</summary>
    public const int MaxRoutingKeyBytes = 256;

    /// <summary>The deadline the caller asked for, cut to <paramref name="maxTimeout"/>; null when it asked for none.</summary>
    public static DateTimeOffset? ReadDeadline(HttpRequest request, TimeProvider time, TimeSpan maxTimeout)
    {
        var values = request.Headers[TimeoutHeader];
        if (values.Count == 0)
        {
            return null;
        }

        var value = values.Count == 1 ? values[0] : values.ToString();
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) || milliseconds <= 0)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"header {TimeoutHeader} '{Shorten(value)}' is not a positive number of milliseconds; send one value such as 5000 (at most {(long)maxTimeout.TotalMilliseconds} counts)");
        }

        var timeout = milliseconds >= (long)maxTimeout.TotalMilliseconds ? maxTimeout : TimeSpan.FromMilliseconds(milliseconds);
        return time.GetUtcNow() + timeout;
    }

    /// <summary>The routing key, or null when the caller sent none.</summary>
    public static string? ReadRoutingKey(HttpRequest request)
    {
        var values = request.Headers[RoutingKeyHeader];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"header {RoutingKeyHeader} appears {values.Count} times; send it once");
        }

        var key = values[0] ?? "";
        var bytes = Encoding.UTF8.GetByteCount(key);
        return bytes <= MaxRoutingKeyBytes
            ? key
            : throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"header {RoutingKeyHeader} is {bytes} bytes; the limit is {MaxRoutingKeyBytes}. Send a shorter key, such as a user id or a hash of a longer one");
    }

    /// <summary>A header value as it may appear in an error message: at most 64 characters.</summary>
    private static string Shorten(string? value) =>
        value is null ? "" : value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "...");
}
