using System.Collections.Concurrent;
using ServingFabric.Models;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Tests.Batching;

namespace ServingFabric.Runtime.Tests.Hosting;

internal sealed class TestEngineFactory : IInferenceEngineFactory
{
    public string Platform => "test";

    public ConcurrentQueue<TestEngine> Created { get; } = new();

    /// <summary>When set, the next create throws it and clears it.</summary>
    public Exception? FailNext { get; set; }

    /// <summary>When set, creates wait for it, so a test can hold a load in progress.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public IInferenceEngine Create(string modelName, string version, string artifactPath, ModelConfig config)
    {
        Gate?.Task.GetAwaiter().GetResult();
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }

        var engine = new TestEngine(modelName, version, config.MaxBatchSize);
        Created.Enqueue(engine);
        return engine;
    }
}
