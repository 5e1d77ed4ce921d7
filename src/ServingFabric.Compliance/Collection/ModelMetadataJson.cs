using System.Text.Json;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Collection;

/// <summary>Reads the parts of an Open Inference Protocol model metadata answer (<c>GET /v2/models/{name}</c>) the checks and drills use.</summary>
internal static class ModelMetadataJson
{
    public static ModelMetadata Parse(string body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        var root = document.RootElement;
        return new ModelMetadata(
            Text(root, "name") ?? "?",
            Text(root, "platform") ?? "unknown",
            root.TryGetProperty("versions", out var versions) && versions.ValueKind == JsonValueKind.Array
                ? [.. versions.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
                : [],
            root.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Array ? [.. inputs.EnumerateArray().Select(Tensor)] : []);
    }

    private static TensorMetadata Tensor(JsonElement tensor) => new(
        Text(tensor, "name") ?? "?",
        Text(tensor, "datatype") ?? "?",
        tensor.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Array
            ? [.. shape.EnumerateArray().Select(d => d.TryGetInt64(out var n) ? n : -1)]
            : []);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
