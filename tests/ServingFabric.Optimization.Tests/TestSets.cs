using Onnx;
using ServingFabric.Optimization.Gate;
using ServingFabric.Samples;

namespace ServingFabric.Optimization.Tests;

/// <summary>The models and evaluation sets the tests share: the iris sample on its labelled data, and a seeded random MLP.</summary>
internal static class TestSets
{
    public static readonly int[] MlpLayers = [64, 256, 256, 10];

    public static EvaluationSet Iris { get; } = new("input", [IrisMlpWeights.Features],
        [.. IrisDataSet.Rows.Select(r => r.Features)], [.. IrisDataSet.Rows.Select(r => r.Label)]);

    public static byte[] Mlp { get; } = RandomMlp.Create(seed: 7, MlpLayers);

    public static EvaluationSet MlpInputs { get; } = new("input", [MlpLayers[0]], RandomMlp.Inputs(seed: 11, count: 500, MlpLayers[0]));

    public static ModelProto Parse(byte[] model) => ModelProto.Parser.ParseFrom(model);
}
