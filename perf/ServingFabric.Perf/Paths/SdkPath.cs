using ServingFabric.Client;
using ServingFabric.Inference;
using ServingFabric.Perf.Measurement;

namespace ServingFabric.Perf.Paths;

/// <summary>The .NET SDK's <see cref="IInferenceClient"/>: over Orleans it is a grain call to the model's front, no HTTP and no tensor encoding.</summary>
internal sealed class SdkPath(string name, string model, IInferenceClient client, IPayloadSource payload) : IRequestPath
{
    public string Name => name;

    public string Model => model;

    public int RowsPerRequest => 1;

    public async ValueTask<RequestOutcome> SendAsync(long sequence)
    {
        try
        {
            await client.InferAsync(payload.Request(sequence));
            return RequestOutcome.Ok;
        }
        catch (InferenceException ex) when (ex.Kind is InferenceErrorKind.QueueFull or InferenceErrorKind.Unavailable)
        {
            return RequestOutcome.Refused;
        }
    }
}
