using Microsoft.Extensions.Options;
using ServingFabric.Inference;
using ServingFabric.Runtime.Caching;
using ServingFabric.Runtime.Tests.TestModels;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Caching;

/// <summary>Requests, keys and answers for the response cache tests.</summary>
internal static class CacheSamples
{
    public static ResponseCache Cache(int maxEntries = 100, long maxBytes = 1024 * 1024) =>
        new(Options.Create(new ResponseCacheOptions { MaxEntries = maxEntries, MaxBytes = maxBytes }));

    public static Tensor Input(params float[] values) => TensorBytes.Of("input", TensorDataType.Fp32, [1, values.Length], values);

    public static ResponseCacheKey Key(float seed, string model = "m", string version = "1", long revision = 1) =>
        ResponseCacheKey.Create(model, version, revision, [Input(seed, 2, 3, 4)], null);

    /// <summary>An answer whose "probabilities" output holds <paramref name="floats"/> floats.</summary>
    public static InferenceResponse Answer(string id = "first", string version = "1", int floats = 3, string model = "m") =>
        new(id, model, version, [TensorBytes.Of("probabilities", TensorDataType.Fp32, [1, floats], new float[floats])]);

    public static long SizeOf(ResponseCacheKey key, InferenceResponse answer) =>
        ResponseCache.Measure(key, answer.ModelName, answer.ModelVersion, answer.Outputs);
}
