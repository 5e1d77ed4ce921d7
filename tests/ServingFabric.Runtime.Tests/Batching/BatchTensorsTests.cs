using System.Buffers.Binary;
using System.Text;
using ServingFabric.Runtime.Batching;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Batching;

public sealed class BatchTensorsTests
{
    [Fact]
    public void Merge_BytesInputs_ConcatenatesElementBlobs()
    {
        var first = Request(Strings("x", [1, 2], "a", "bc"), 1);
        var second = Request(Strings("x", [1, 2], "", "def"), 1);

        var merged = Assert.Single(BatchAssembler.Merge([first, second]));

        Assert.Equal(new long[] { 2, 2 }, merged.Shape);
        Assert.Equal(Strings("x", [2, 2], "a", "bc", "", "def").Data, merged.Data);
    }

    [Fact]
    public void Split_BytesOutput_CutsEachRequestsElements()
    {
        var output = Strings("out", [3, 1], "a", "bcd", "ef");

        var parts = BatchSplitter.Split(output, [2, 1], 3);

        Assert.Equal(Strings("out", [2, 1], "a", "bcd").Data, parts[0].Data);
        Assert.Equal(new long[] { 1, 1 }, parts[1].Shape);
        Assert.Equal(Strings("out", [1, 1], "ef").Data, parts[1].Data);
    }

    [Fact]
    public void Split_OutputWithoutBatchDimension_EachRequestGetsAWholeCopy()
    {
        var output = new Tensor("scale", TensorDataType.Fp32, [2], Floats.Bytes([1, 2]));

        var parts = BatchSplitter.Split(output, [1, 2], 3);

        Assert.All(parts, p => Assert.Equal(output.Data, p.Data));
        Assert.NotSame(parts[0].Data, parts[1].Data);
    }

    [Fact]
    public void Split_OutputShorterThanShape_Throws()
    {
        var output = new Tensor("y", TensorDataType.Fp32, [2, 2], Floats.Bytes([1, 2, 3]));

        Assert.Throws<InvalidOperationException>(() => BatchSplitter.Split(output, [1, 1], 2));
    }

    private static PendingRequest Request(Tensor input, int rows) =>
        new([input], rows, ["out"], null, DateTimeOffset.UnixEpoch);

    internal static Tensor Strings(string name, long[] shape, params string[] values)
    {
        var data = new List<byte>();
        foreach (var value in values)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            data.AddRange(length);
            data.AddRange(bytes);
        }

        return new Tensor(name, TensorDataType.Bytes, shape, [.. data]);
    }
}
