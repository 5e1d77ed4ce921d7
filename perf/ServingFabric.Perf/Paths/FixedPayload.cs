using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Perf.Paths;

/// <summary>The same request every time, encoded once: what is measured is the fabric, not the load generator's encoder.</summary>
internal sealed class FixedPayload : IPayloadSource
{
    private readonly InferenceRequest _request;
    private readonly EncodedBody _json;
    private readonly EncodedBody _binary;

    public FixedPayload(InferenceRequest request)
    {
        _request = request;
        _json = OipRequestCodec.Write(request, binaryInputs: false, binaryOutputs: false);
        _binary = OipRequestCodec.Write(request, binaryInputs: true, binaryOutputs: true);
    }

    public InferenceRequest Request(long sequence) => _request;

    public EncodedBody Body(long sequence, bool binary) => binary ? _binary : _json;
}
