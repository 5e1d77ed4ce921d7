using System.Text;
using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Gateway.Grpc;

/// <summary>
/// Bounds the model names and versions a gRPC message carries before anything uses or echoes them: over HTTP they sit
/// in the URL, which Kestrel bounds; in a message they could be megabytes, and an error naming one would not fit a
/// grpc-message header.
/// </summary>
internal static class GrpcNames
{
    public static string Model(string name, string field) => Bounded(name, field);

    /// <summary>The version asked for, or null for the one the router serves (an empty string in the message).</summary>
    public static string? Version(string version, string field) =>
        string.IsNullOrEmpty(version) ? null : Bounded(version, field);

    private static string Bounded(string value, string field)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        return bytes <= WireLimits.MaxNameBytes
            ? value
            : throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"{field} is {bytes} bytes; the limit is {WireLimits.MaxNameBytes}. Send the model's name or version as its metadata gives it");
    }
}
