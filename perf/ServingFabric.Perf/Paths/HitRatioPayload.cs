using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Perf.Paths;

/// <summary>
/// A workload with a chosen share of repeated requests: each sequence number is, by a seeded hash, either one of a
/// few hot requests (cache hits once seen) or a request never sent before (a miss). The choice is a pure function of
/// the sequence number, so concurrent clients need no shared random source and a run can be repeated exactly.
/// </summary>
internal sealed class HitRatioPayload : IPayloadSource
{
    private const int HotRequests = 16;

    private readonly InferenceRequest _template;
    private readonly double _hitRatio;
    private readonly ulong _seed;
    private readonly FixedPayload[] _hot;

    public HitRatioPayload(InferenceRequest template, double hitRatio, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hitRatio, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hitRatio, 1);
        _template = template;
        _hitRatio = hitRatio;
        _seed = (ulong)seed;
        _hot = [.. Enumerable.Range(0, HotRequests).Select(i => new FixedPayload(Variant(i)))];
    }

    public InferenceRequest Request(long sequence) => Choose(sequence, out var hot) is { } miss ? miss : _hot[hot].Request(sequence);

    public EncodedBody Body(long sequence, bool binary) =>
        Choose(sequence, out var hot) is { } miss ? OipRequestCodec.Write(miss, binary, binary) : _hot[hot].Body(sequence, binary);

    /// <summary>A fresh request for a miss (null for a hit, whose index is then in <paramref name="hot"/>).</summary>
    private InferenceRequest? Choose(long sequence, out int hot)
    {
        var hash = SplitMix64(_seed ^ (ulong)sequence);
        hot = (int)((hash >> 32) % HotRequests);
        var uniform = (hash & 0xFFFF_FFFF) / 4294967296.0;
        return uniform < _hitRatio ? null : Variant(HotRequests + sequence);
    }

    // Three elements of the first input carry the variant number in 12-bit pieces: values stay pixel-like in [0, 1),
    // and every variant up to 2^36 is distinct, so a miss is never answered from the cache by accident.
    private InferenceRequest Variant(long number)
    {
        var input = _template.Inputs[0];
        var data = (byte[])input.Data.Clone();
        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data.AsSpan());
        for (var i = 0; i < 3; i++)
        {
            floats[i] = ((number >> (12 * i)) & 0xFFF) / 4096f;
        }

        return _template with { Inputs = [new Tensor(input.Name, input.DataType, input.Shape, data), .. _template.Inputs.Skip(1)] };
    }

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
