using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>The one-version model "m" the edge tests publish routes for: its metadata, a request and a routing table.</summary>
internal static class EdgeModel
{
    public static readonly ModelMetadata Metadata = new(
        "m", "1", "onnx", [new TensorMetadata("input", TensorDataType.Fp32, [-1, 4])], [new TensorMetadata("y", TensorDataType.Fp32, [-1, 1])], 8);

    public static InferenceRequest Request(string id) => new(id, "m", null, [TensorFactory.Create("input", [1, 4], new float[] { 1, 2, 3, 4 })]);

    public static RoutingTable Table(long revision) =>
        new("m", revision, Loaded: true, "1", [new VersionRoute("1", ["m/1/0"])], 8, Deterministic: true);
}
