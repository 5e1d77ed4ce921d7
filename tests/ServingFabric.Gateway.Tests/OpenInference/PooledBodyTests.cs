using System.Buffers;
using Microsoft.AspNetCore.Http;
using ServingFabric.Gateway.Memory;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Tests.OpenInference;

/// <summary>The pooled request body: exact length, safe disposal, and the size limit with and without Content-Length.</summary>
public sealed class PooledBodyTests
{
    private const long Limit = 1024 * 1024;

    private static readonly RequestMemoryBudget Unbounded = new(
        Microsoft.Extensions.Options.Options.Create(new GatewayOptions { RequestMemoryBudget = long.MaxValue / 2 }), TimeProvider.System);

    [Fact]
    public async Task RentAsync_ContentLengthAboveLargeObjectThreshold_MemoryIsExactlyTheBody()
    {
        var payload = RandomBytes(110_000, seed: 1);

        using var body = await RequestBodyReader.RentAsync(Request(payload, declareLength: true), Limit, Unbounded.Open(), CancellationToken.None);

        Assert.Equal(payload.Length, body.Memory.Length);
        Assert.True(body.Memory.Span.SequenceEqual(payload));
    }

    [Fact]
    public async Task RentAsync_ChunkedLargerThanFirstBuffer_MemoryIsExactlyTheBody()
    {
        var payload = RandomBytes(100_003, seed: 2);

        using var body = await RequestBodyReader.RentAsync(Request(payload, declareLength: false), Limit, Unbounded.Open(), CancellationToken.None);

        Assert.Equal(payload.Length, body.Memory.Length);
        Assert.True(body.Memory.Span.SequenceEqual(payload));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RentAsync_EmptyBody_MemoryIsEmpty(bool declareLength)
    {
        using var body = await RequestBodyReader.RentAsync(Request([], declareLength), Limit, Unbounded.Open(), CancellationToken.None);

        Assert.Equal(0, body.Memory.Length);
    }

    [Fact]
    public async Task RentAsync_ContentLengthOverLimit_ThrowsTooLargeWithoutReading()
    {
        var request = Request(new byte[2048], declareLength: true);

        var ex = await Assert.ThrowsAsync<InferenceException>(() => RequestBodyReader.RentAsync(request, 1024, Unbounded.Open(), CancellationToken.None));

        Assert.Equal(InferenceErrorKind.TooLarge, ex.Kind);
        Assert.Equal(0, request.Body.Position);
    }

    [Fact]
    public async Task RentAsync_ChunkedBodyThatNeverEnds_ThrowsTooLargeAfterBoundedRead()
    {
        var endless = new EndlessStream();
        var request = new DefaultHttpContext().Request;
        request.Body = endless;

        var ex = await Assert.ThrowsAsync<InferenceException>(() => RequestBodyReader.RentAsync(request, 64 * 1024, Unbounded.Open(), CancellationToken.None));

        Assert.Equal(InferenceErrorKind.TooLarge, ex.Kind);
        Assert.InRange(endless.BytesRead, (64 * 1024) + 1, 2 * 64 * 1024);
    }

    [Fact]
    public async Task RentAsync_BodyShorterThanContentLength_InvalidInput()
    {
        var request = Request(new byte[50], declareLength: false);
        request.ContentLength = 100;

        var ex = await Assert.ThrowsAsync<InferenceException>(() => RequestBodyReader.RentAsync(request, Limit, Unbounded.Open(), CancellationToken.None));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheArrayOnce()
    {
        // An odd size class that nothing else in the process is likely to rent: if the second Dispose returned the
        // array again, the pool would hand that one array out to both of the next two renters.
        var array = ArrayPool<byte>.Shared.Rent(3 * 1024 * 1024);
        var body = new PooledBody(array, 10);

        body.Dispose();
        body.Dispose();

        var first = ArrayPool<byte>.Shared.Rent(3 * 1024 * 1024);
        var second = ArrayPool<byte>.Shared.Rent(3 * 1024 * 1024);
        try
        {
            Assert.NotSame(first, second);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(first);
            ArrayPool<byte>.Shared.Return(second);
        }
    }

    [Fact]
    public void Memory_AfterDispose_ThrowsObjectDisposed()
    {
        var body = new PooledBody(ArrayPool<byte>.Shared.Rent(16), 16);

        body.Dispose();

        Assert.Throws<ObjectDisposedException>(() => body.Memory);
    }

    private static HttpRequest Request(byte[] payload, bool declareLength)
    {
        var request = new DefaultHttpContext().Request;
        request.Body = new MemoryStream(payload);
        request.ContentLength = declareLength ? payload.Length : null;
        return request;
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A chunked body that never ends, counting what the reader took from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            // Short reads, as a network stream gives.
            var n = Math.Min(buffer.Length, 1000);
            buffer[..n].Fill(0x5A);
            BytesRead += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
