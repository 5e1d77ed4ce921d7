using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Perf.Paths;

/// <summary>The request each sequence number sends, as an <see cref="InferenceRequest"/> for the SDK and as encoded HTTP bodies.</summary>
internal interface IPayloadSource
{
    InferenceRequest Request(long sequence);

    EncodedBody Body(long sequence, bool binary);
}
