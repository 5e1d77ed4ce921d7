using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Tests.Batching;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Validation;

/// <summary>A batching model with a FP32 and a BYTES input, and requests for it, shared by the validator's and the guard's tests.</summary>
internal static class ValidationRequests
{
    public static readonly ModelMetadata Batched = new(
        "m",
        "1",
        "test",
        [
            new TensorMetadata("input", TensorDataType.Fp32, [-1, 3]),
            new TensorMetadata("text", TensorDataType.Bytes, [-1, 2]),
        ],
        [new TensorMetadata("output", TensorDataType.Fp32, [-1, 2]), new TensorMetadata("score", TensorDataType.Fp32, [-1])],
        4);

    public static InferenceRequest Request(params Tensor[] inputs) => new("r1", "m", "1", inputs);

    public static Tensor Input(int rows) =>
        new("input", TensorDataType.Fp32, [rows, 3], Floats.Bytes(Enumerable.Range(0, rows * 3).Select(i => (float)i)));

    public static Tensor Text(int rows) =>
        BatchTensorsTests.Strings("text", [rows, 2], [.. Enumerable.Range(0, rows * 2).Select(i => $"s{i}")]);
}
