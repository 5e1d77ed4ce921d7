using Google.Protobuf;
using Onnx;
using ServingFabric.Optimization.Gate;
using static ServingFabric.Optimization.Tests.ProtoModels;

namespace ServingFabric.Optimization.Tests.Quantization;

/// <summary>
/// A small seeded CNN written on the protobuf: Conv 3→8 (3×3, bias) → BatchNormalization → Relu → depthwise Conv
/// 8→8 (3×3, group 8, bias) → Relu → Conv 8→4 (1×1, no bias), on [batch, 3, 16, 16] images.
/// </summary>
internal static class ConvModels
{
    public static readonly int[] ImageShape = [3, 16, 16];

    public static byte[] SmallCnn(long opset = 13)
    {
        var graph = new GraphProto { Name = "small_cnn" };
        graph.Input.Add(Float("image", -1, 3, 16, 16));
        graph.Output.Add(Float("features", -1, 4, 16, 16));
        graph.Initializer.Add(Initializer("w1", Random(1, 8 * 3 * 3 * 3, 0.4f), 8, 3, 3, 3));
        graph.Initializer.Add(Initializer("b1", Random(2, 8, 0.1f), 8));
        graph.Initializer.Add(Initializer("bn_scale", [.. Random(3, 8, 0.5f).Select(v => v + 1)], 8));
        graph.Initializer.Add(Initializer("bn_bias", Random(4, 8, 0.2f), 8));
        graph.Initializer.Add(Initializer("bn_mean", Random(5, 8, 0.1f), 8));
        graph.Initializer.Add(Initializer("bn_var", [.. Random(6, 8, 0.3f).Select(v => v + 1)], 8));
        graph.Initializer.Add(Initializer("w2", Random(7, 8 * 1 * 3 * 3, 0.5f), 8, 1, 3, 3));
        graph.Initializer.Add(Initializer("b2", Random(8, 8, 0.1f), 8));
        graph.Initializer.Add(Initializer("w3", Random(9, 4 * 8, 0.5f), 4, 8, 1, 1));
        graph.Node.Add(Node("Conv", "conv1", ["image", "w1", "b1"], ["c1"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1)));
        graph.Node.Add(Node("BatchNormalization", "bn1", ["c1", "bn_scale", "bn_bias", "bn_mean", "bn_var"], ["n1"]));
        graph.Node.Add(Node("Relu", "relu1", ["n1"], ["r1"]));
        graph.Node.Add(Node("Conv", "conv2", ["r1", "w2", "b2"], ["c2"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Int("group", 8)));
        graph.Node.Add(Node("Relu", "relu2", ["c2"], ["r2"]));
        graph.Node.Add(Node("Conv", "conv3", ["r2", "w3"], ["features"], Ints("kernel_shape", 1, 1)));
        return Model(opset, graph).ToByteArray();
    }

    /// <summary>Seeded images in [-1, 1).</summary>
    public static EvaluationSet Images(int seed, int count) =>
        new("image", [.. ImageShape.Select(d => (long)d)], [.. Enumerable.Range(0, count).Select(i => Random(seed + i, 3 * 16 * 16))]);
}
