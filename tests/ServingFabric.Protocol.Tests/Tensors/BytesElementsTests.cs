using ServingFabric.Tensors;

namespace ServingFabric.Protocol.Tests.Tensors;

/// <summary>The one walker of the BYTES layout (4-byte little-endian length, then the bytes).</summary>
public sealed class BytesElementsTests
{
    // "ab", "", "c"
    private static readonly byte[] Three = [2, 0, 0, 0, (byte)'a', (byte)'b', 0, 0, 0, 0, 1, 0, 0, 0, (byte)'c'];

    [Fact]
    public void Advance_WellFormedData_PassesEveryElementAndEndsAtTheEnd()
    {
        var offset = 0;

        Assert.Equal(3, BytesElements.Advance(Three, ref offset, long.MaxValue));
        Assert.Equal(Three.Length, offset);
    }

    [Fact]
    public void Advance_LengthPastTheEnd_StopsAfterTheLastCompleteElement()
    {
        var offset = 0;

        Assert.Equal(2, BytesElements.Advance(Three.AsSpan(..^1), ref offset, long.MaxValue));
        Assert.Equal(10, offset);
    }

    [Fact]
    public void Skip_FewerElementsThanAsked_ReturnsMinusOne()
    {
        Assert.Equal(6, BytesElements.Skip(Three, 0, 1));
        Assert.Equal(-1, BytesElements.Skip(Three, 0, 4));
    }

    [Fact]
    public void Count_DataEndingInsideALengthPrefix_ReturnsMinusOne()
    {
        Assert.Equal(3, BytesElements.Count(Three));
        Assert.Equal(-1, BytesElements.Count([.. Three, 1, 0]));
    }

    [Fact]
    public void Next_WellFormedData_ReturnsEachElementInTurn()
    {
        var offset = 0;

        Assert.Equal("ab"u8.ToArray(), BytesElements.Next(Three, ref offset).ToArray());
        Assert.True(BytesElements.Next(Three, ref offset).IsEmpty);
        Assert.Equal("c"u8.ToArray(), BytesElements.Next(Three, ref offset).ToArray());
    }

    [Theory]
    [InlineData(3, null)]
    [InlineData(2, "it holds 3 elements but the shape needs 2")]
    public void FindProblem_ElementCount_NamesTheDifference(long expected, string? problem)
    {
        Assert.Equal(problem, BytesElements.FindProblem(Three, expected));
    }

    [Fact]
    public void FindProblem_TruncatedData_NamesTheElementAndWhatIsLeft()
    {
        Assert.Equal("element 2 declares 1 bytes but only 0 are left", BytesElements.FindProblem(Three.AsSpan(..^1), 3));
        Assert.Equal("element 3 starts 15 bytes in, but fewer than 4 bytes are left for its length prefix", BytesElements.FindProblem([.. Three, 1], 4));
    }
}
