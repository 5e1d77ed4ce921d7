using ServingFabric.Client;
using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Chaos.Load;

/// <summary>The .NET SDK over HTTP with every gateway: it fails over between them on its own.</summary>
internal sealed class SdkSender(IInferenceClient client, string model, TimeSpan timeout) : IRequestSender
{
    public string Name => "sdk";

    public async Task<string?> SendAsync(long sequence, float[] row, long expectedLabel)
    {
        var request = new InferenceRequestBuilder(model).WithId($"sdk-{sequence}").AddInput("input", [1, 4], row).WithTimeout(timeout).Build();
        try
        {
            var response = await client.InferAsync(request);
            return response.GetOutput("label").ToArray<long>()[0] == expectedLabel ? null : FailureCauses.WrongAnswer;
        }
        catch (Exception ex) when (ex is InferenceException or HttpRequestException or OperationCanceledException or TimeoutException)
        {
            return FailureCauses.Of(ex);
        }
    }
}
