using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ServingFabric.Client;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;
using ServingFabric.Tensors;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// A model heavy enough that one replica cannot keep up with a dozen clients on a small machine: input "input" FP32
/// [-1, 256] → three 1024-wide ReLU layers → 16 scores → ArgMax "label" INT64 [-1] (about 2.4 M multiply-adds per row,
/// roughly a millisecond on one core). Weights come from a seeded generator, so the bytes are the same on every run.
/// </summary>
internal static class HeavyMlp
{
    public const string Name = "heavy";
    public const int Features = 256;
    private const int Hidden = 1024;
    private const int Classes = 16;

    /// <summary>Writes <c>heavy/1/model.onnx</c> and its config.json (batching up to 16, replicas 1 to 3).</summary>
    public static void Write(string models)
    {
        var random = new Random(18031);
        float[] Weights(int rows, int columns) =>
            Enumerable.Range(0, rows * columns).Select(_ => (float)((random.NextDouble() - 0.5) * 2 / Math.Sqrt(rows))).ToArray();
        var bytes = new OnnxModelBuilder("heavy_mlp")
            .AddInput("input", TensorDataType.Fp32, -1, Features)
            .AddOutput("label", TensorDataType.Int64, -1)
            .AddInitializer("w1", [Features, Hidden], Weights(Features, Hidden)).AddInitializer("b1", [Hidden], new float[Hidden])
            .AddInitializer("w2", [Hidden, Hidden], Weights(Hidden, Hidden)).AddInitializer("b2", [Hidden], new float[Hidden])
            .AddInitializer("w3", [Hidden, Hidden], Weights(Hidden, Hidden)).AddInitializer("b3", [Hidden], new float[Hidden])
            .AddInitializer("w4", [Hidden, Classes], Weights(Hidden, Classes)).AddInitializer("b4", [Classes], new float[Classes])
            .Gemm("input", "w1", "b1", "h1").Relu("h1", "r1")
            .Gemm("r1", "w2", "b2", "h2").Relu("h2", "r2")
            .Gemm("r2", "w3", "b3", "h3").Relu("h3", "r3")
            .Gemm("r3", "w4", "b4", "scores")
            .ArgMax("scores", "label", axis: 1, keepDims: false)
            .ToBytes();
        var artifact = Path.Combine(models, Name, "1", FileSystemModelRepository.ArtifactFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        File.WriteAllBytes(artifact, bytes);
        var config = new JsonObject
        {
            ["platform"] = "onnxruntime_onnx",
            ["max_batch_size"] = 16,
            ["dynamic_batching"] = new JsonObject { ["max_queue_delay_microseconds"] = 0, ["max_queue_size"] = 1024 },
            ["engine_threads"] = 1,
            ["versions"] = new JsonObject { ["1"] = new JsonObject { ["sha256"] = ArtifactVerifier.ComputeSha256(artifact) } },
            ["replicas"] = new JsonObject { ["min"] = 1, ["max"] = 3 },
        };
        File.WriteAllText(Path.Combine(models, Name, "config.json"), config.ToJsonString());
    }

    /// <summary>A closed-loop workload: eight fixed rows; every answer for a row must carry the label first seen for it.</summary>
    public static ClosedLoopLoad.Workload Workload()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, Features).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var labels = new ConcurrentDictionary<int, long>();
        return (worker, i) =>
        {
            var index = (worker + i) % rows.Length;
            var request = new InferenceRequestBuilder(Name).WithId($"h{worker}-{i}").AddInput("input", [1, Features], rows[index]).WithTimeout(TimeSpan.FromSeconds(10)).Build();
            return (request, response =>
            {
                var label = response.GetOutput("label").ToArray<long>()[0];
                var first = labels.GetOrAdd(index, label);
                return first == label ? null : $"row {index}: label {label}, earlier answers said {first}";
            });
        };
    }
}
