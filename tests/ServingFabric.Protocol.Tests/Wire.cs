using System.Text;
using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Protocol.Tests;

/// <summary>Builds bodies and reads them the way the gateway does.</summary>
internal static class Wire
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A binary body: the JSON header, then the given raw bytes.</summary>
    public static (byte[] Body, int HeaderLength) Binary(string json, params byte[][] parts)
    {
        var header = Utf8(json);
        return ([.. header, .. parts.SelectMany(p => p)], header.Length);
    }

    public static InferenceRequest ReadRequest(string json) => OipRequestCodec.Read(Utf8(json), null, "m", null);

    public static InferenceException ReadInvalid(string json, int? headerLength = null, byte[]? body = null)
    {
        var ex = Assert.Throws<InferenceException>(() => OipRequestCodec.Read(body ?? Utf8(json), headerLength, "m", null));
        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        return ex;
    }

    public static JsonDocument Header(EncodedBody body) =>
        JsonDocument.Parse(body.Content.AsMemory(0, body.InferenceHeaderLength ?? body.Content.Length));
}
