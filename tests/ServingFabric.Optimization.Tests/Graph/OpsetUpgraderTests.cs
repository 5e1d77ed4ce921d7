using Google.Protobuf;
using Onnx;
using ServingFabric.Optimization.Graph;
using ServingFabric.Samples;
using static ServingFabric.Optimization.Tests.ProtoModels;

namespace ServingFabric.Optimization.Tests.Graph;

/// <summary>Each conversion checked the only way that counts: the original and the upgraded model give ONNX Runtime's same outputs.</summary>
public sealed class OpsetUpgraderTests
{
    private static readonly int[] Shape = [2, 3, 4, 5];

    public static TheoryData<string> Conversions =>
    [
        "Clip", "ClipMaxOnly", "Squeeze", "Unsqueeze", "Slice", "PadConstant", "PadReflect", "Split", "ReduceSum",
        "SoftmaxAxis1Rank4", "SoftmaxLastAxisKnownRank", "LogSoftmaxAxis2", "Hardmax", "Dropout", "BatchNormalizationSpatial",
    ];

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Upgrade_ConvertedOperator_SameOutputsAsTheOriginal(string conversion)
    {
        var (opset, model) = Case(conversion);
        var original = Model(opset, model).ToByteArray();

        var upgraded = OpsetUpgrader.Upgrade(original);

        var proto = ModelProto.Parser.ParseFrom(upgraded);
        Assert.Equal(OpsetUpgrader.TargetOpset, proto.OpsetImport.Single(o => o.Domain.Length == 0).Version);
        var input = Random(seed: 3, count: Shape.Aggregate(1, (a, b) => a * b), scale: 3f);
        var expected = Run(original, "x", input, Shape);
        var actual = Run(upgraded, "x", input, Shape);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, values) in expected)
        {
            Assert.Equal(values, actual[name]);
        }
    }

    [Fact]
    public void Upgrade_Opset9Conversions_WriteTheOpset13Signatures()
    {
        var graph = Graph([Node("Clip", "clip", ["x"], ["y"], FloatValue("min", 0), FloatValue("max", 6))], "y");

        var upgraded = OpsetUpgrader.Upgrade(Model(9, graph));

        var clip = upgraded.Graph.Node.Single();
        Assert.Empty(clip.Attribute);
        Assert.Equal(3, clip.Input.Count);
        Assert.True(upgraded.IrVersion >= 7);
    }

    [Theory]
    [InlineData("Upsample")]
    [InlineData("NoSuchOperator")]
    public void Upgrade_OperatorWithoutAKnownConversion_RefusedNamingIt(string opType)
    {
        var graph = Graph([Node(opType, "the_node", ["x"], ["y"])], "y");

        var error = Assert.Throws<InvalidOperationException>(() => OpsetUpgrader.Upgrade(Model(9, graph)));

        Assert.Contains($"{opType} (node 'the_node')", error.Message, StringComparison.Ordinal);
        Assert.Contains("opset 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upgrade_DropoutWhoseMaskIsRead_Refused()
    {
        var graph = Graph([Node("Dropout", "dropout", ["x"], ["y", "mask"])], "y");
        graph.Output.Add(Float("mask"));

        var error = Assert.Throws<InvalidOperationException>(() => OpsetUpgrader.Upgrade(Model(9, graph)));

        Assert.Contains("Dropout node 'dropout'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upgrade_BytesThatAreNoModel_ProtobufErrorNotACrash()
    {
        byte[] garbage = [0x0a, 0xff, 0xff, 0xff, 0x7f, 0x01];

        Assert.Throws<InvalidProtocolBufferException>(() => OpsetUpgrader.Upgrade(garbage));
    }

    [Fact]
    public void Upgrade_NodeWithoutOutputs_RefusedNamingIt()
    {
        var graph = Graph([Node("Clip", "broken", ["x"], [])], "x");

        var error = Assert.Throws<InvalidOperationException>(() => OpsetUpgrader.Upgrade(Model(9, graph)));

        Assert.Contains("Clip (node 'broken')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upgrade_OpsetBelow7_RefusedNamingTheOpset()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OpsetUpgrader.Upgrade(Model(6, Graph([Node("Relu", "relu", ["x"], ["y"])], "y"))));

        Assert.Contains("opset 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upgrade_OpsetAlready13_ReturnsTheSameBytes()
    {
        var model = SampleModels.CreateIrisMlp();

        Assert.Same(model, OpsetUpgrader.Upgrade(model));
    }

    [Fact]
    public void Upgrade_OcrClassifierOpset9_SameOutputsOnTextLines()
    {
        var original = OcrClassifier.Load();
        var input = ModelSignature(original);
        var lines = OcrTextLines.Create(seed: 21, count: 4);
        var batch = lines.SelectMany(l => l).ToArray();
        int[] shape = [lines.Count, OcrTextLines.Channels, OcrTextLines.Height, OcrTextLines.Width];

        var upgraded = OpsetUpgrader.Upgrade(original);

        var expected = Run(original, input, batch, shape).Values.Single();
        var actual = Run(upgraded, input, batch, shape).Values.Single();
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5f));
    }

    private static string ModelSignature(byte[] model) => ModelProto.Parser.ParseFrom(model).Graph.Input[0].Name;

    private static (long Opset, GraphProto Graph) Case(string conversion) => conversion switch
    {
        "Clip" => (9, Graph([Node("Clip", "clip", ["x"], ["y"], FloatValue("min", -0.5f), FloatValue("max", 1.5f))], "y")),
        "ClipMaxOnly" => (9, Graph([Node("Clip", "clip", ["x"], ["y"], FloatValue("max", 0.25f))], "y")),
        "Squeeze" => (11, Graph([Node("Unsqueeze", "unsqueeze", ["x"], ["u"], Ints("axes", 0, 3)), Node("Squeeze", "squeeze", ["u"], ["y"], Ints("axes", 3))], "y")),
        "Unsqueeze" => (11, Graph([Node("Unsqueeze", "unsqueeze", ["x"], ["y"], Ints("axes", -1))], "y")),
        "Slice" => (9, Graph([Node("Slice", "slice", ["x"], ["y"], Ints("starts", 1, 0), Ints("ends", 3, -1), Ints("axes", 1, 3))], "y")),
        "PadConstant" => (9, Graph([Node("Pad", "pad", ["x"], ["y"], Ints("pads", 0, 0, 1, 2, 0, 0, 2, 1), FloatValue("value", 0.5f))], "y")),
        "PadReflect" => (9, Graph([Node("Pad", "pad", ["x"], ["y"], Text("mode", "reflect"), Ints("pads", 0, 0, 1, 2, 0, 0, 2, 1))], "y")),
        "Split" => (11, Graph([Node("Split", "split", ["x"], ["y", "z"], Int("axis", 3), Ints("split", 2, 3))], "y", "z")),
        "ReduceSum" => (11, Graph([Node("ReduceSum", "sum", ["x"], ["y"], Ints("axes", 1, -1), Int("keepdims", 0))], "y")),
        "SoftmaxAxis1Rank4" => (9, Graph([Node("Softmax", "softmax", ["x"], ["y"], Int("axis", 1))], "y")),
        "SoftmaxLastAxisKnownRank" => (9, Graph([Node("Softmax", "softmax", ["x"], ["y"], Int("axis", 3))], "y")),
        "LogSoftmaxAxis2" => (11, Graph([Node("LogSoftmax", "log_softmax", ["x"], ["y"], Int("axis", 2))], "y")),
        "Hardmax" => (9, Graph([Node("Hardmax", "hardmax", ["x"], ["y"])], "y")),
        "Dropout" => (9, Graph([Node("Dropout", "dropout", ["x"], ["d"], FloatValue("ratio", 0.5f)), Node("Relu", "relu", ["d"], ["y"])], "y")),
        "BatchNormalizationSpatial" => (7, BatchNormalization()),
        _ => throw new ArgumentOutOfRangeException(nameof(conversion), conversion, null),
    };

    private static GraphProto BatchNormalization()
    {
        var graph = Graph([Node("BatchNormalization", "bn", ["x", "scale", "bias", "mean", "var"], ["y"], Int("spatial", 1), FloatValue("epsilon", 1e-3f))], "y");
        graph.Initializer.Add(Initializer("scale", Random(5, 3), 3));
        graph.Initializer.Add(Initializer("bias", Random(6, 3), 3));
        graph.Initializer.Add(Initializer("mean", Random(7, 3), 3));
        graph.Initializer.Add(Initializer("var", [0.5f, 1f, 2f], 3));
        return graph;
    }

    // Input x is [2, 3, 4, 5]; the outputs' shapes are known to the graph (so the upgrader may use their rank).
    private static GraphProto Graph(NodeProto[] nodes, params string[] outputs)
    {
        var graph = new GraphProto { Name = "upgrade" };
        graph.Input.Add(Float("x", 2, 3, 4, 5));
        graph.Node.AddRange(nodes);
        graph.Output.AddRange(outputs.Select(o => Float(o, o == "y" && nodes.Any(n => n.OpType is "Softmax" && n.Attribute.Any(a => a.I == 3)) ? [2, 3, 4, 5] : null)));
        return graph;
    }
}
