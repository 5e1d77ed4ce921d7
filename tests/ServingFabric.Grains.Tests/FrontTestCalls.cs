using ServingFabric.Inference;

namespace ServingFabric.Grains.Tests;

/// <summary>
/// Inference through a front for tests that do not care who asks: every such request is made for
/// <see cref="Caller"/>. Tests of what the caller changes (feedback) pass callers explicitly.
/// </summary>
internal static class FrontTestCalls
{
    /// <summary>The caller of requests that name none, as an Orleans client of the tests would name itself.</summary>
    public const string Caller = "orleans:grain-tests";

    public static Task<InferenceResponse> Infer(this IInferenceFrontGrain front, InferenceRequest request) => front.Infer(request, Caller);
}
