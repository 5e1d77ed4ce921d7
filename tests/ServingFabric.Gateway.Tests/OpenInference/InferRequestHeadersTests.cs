using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Tests.OpenInference;

public sealed class InferRequestHeadersTests
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void ReadDeadline_NoHeader_Null() =>
        Assert.Null(InferRequestHeaders.ReadDeadline(Request(), new FixedTime(Now), MaxTimeout));

    [Theory]
    [InlineData("1", 1)]
    [InlineData("5000", 5000)]
    [InlineData("59999", 59999)]
    public void ReadDeadline_PositiveWithinTheMaximum_NowPlusTheTimeout(string value, long milliseconds) =>
        Assert.Equal(Now.AddMilliseconds(milliseconds), ReadDeadline(value));

    [Theory]
    [InlineData("60000")]
    [InlineData("60001")]
    [InlineData("86400000000")]
    [InlineData("9223372036854775807")]
    public void ReadDeadline_AtOrOverTheMaximum_ClampedToTheMaximum(string value) =>
        Assert.Equal(Now + MaxTimeout, ReadDeadline(value));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData(" 100")]
    [InlineData("+100")]
    [InlineData("1e3")]
    [InlineData("9223372036854775808")]
    public void ReadDeadline_NotAPositiveInteger_InvalidInputNamingTheHeader(string value)
    {
        var ex = Assert.Throws<InferenceException>(() => ReadDeadline(value));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Equal(StatusCodes.Status400BadRequest, ex.StatusCode);
        Assert.Contains("x-fabric-timeout-ms", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at most 60000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDeadline_RepeatedHeader_InvalidInput()
    {
        var ex = Assert.Throws<InferenceException>(() =>
            InferRequestHeaders.ReadDeadline(Request((InferRequestHeaders.TimeoutHeader, new StringValues(["100", "200"]))), new FixedTime(Now), MaxTimeout));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
    }

    [Fact]
    public void ReadDeadline_LongBadValue_ShortenedInTheMessage()
    {
        var ex = Assert.Throws<InferenceException>(() => ReadDeadline(new string('x', 5000)));

        Assert.Contains(new string('x', 64) + "...", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 65), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRoutingKey_NoHeader_Null() => Assert.Null(InferRequestHeaders.ReadRoutingKey(Request()));

    [Theory]
    [InlineData(1)]
    [InlineData(InferRequestHeaders.MaxRoutingKeyBytes)]
    public void ReadRoutingKey_AtMostTheLimit_ReturnedAsSent(int bytes)
    {
        var key = new string('k', bytes);

        Assert.Equal(key, InferRequestHeaders.ReadRoutingKey(Request((InferRequestHeaders.RoutingKeyHeader, key))));
    }

    [Fact]
    public void ReadRoutingKey_OneByteOverTheLimit_InvalidInputWithTheLimit()
    {
        var key = new string('k', InferRequestHeaders.MaxRoutingKeyBytes + 1);

        var ex = Assert.Throws<InferenceException>(() => InferRequestHeaders.ReadRoutingKey(Request((InferRequestHeaders.RoutingKeyHeader, key))));

        Assert.Equal(StatusCodes.Status400BadRequest, ex.StatusCode);
        Assert.Contains("is 257 bytes; the limit is 256", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRoutingKey_MultiByteCharacters_CountedInUtf8Bytes()
    {
        // 'é' is two bytes of UTF-8: 128 of them are exactly the limit, 129 one character (two bytes) over.
        Assert.NotNull(InferRequestHeaders.ReadRoutingKey(Request((InferRequestHeaders.RoutingKeyHeader, new string('é', 128)))));
        var ex = Assert.Throws<InferenceException>(() =>
            InferRequestHeaders.ReadRoutingKey(Request((InferRequestHeaders.RoutingKeyHeader, new string('é', 129)))));
        Assert.Contains("is 258 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRoutingKey_RepeatedHeader_InvalidInputAskingForOne()
    {
        var ex = Assert.Throws<InferenceException>(() =>
            InferRequestHeaders.ReadRoutingKey(Request((InferRequestHeaders.RoutingKeyHeader, new StringValues(["a", "b"])))));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("appears 2 times; send it once", ex.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset? ReadDeadline(string value) =>
        InferRequestHeaders.ReadDeadline(Request((InferRequestHeaders.TimeoutHeader, value)), new FixedTime(Now), MaxTimeout);

    private static HttpRequest Request(params (string Name, StringValues Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    /// <summary>A clock that stays at one instant, so deadlines compare exactly.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
