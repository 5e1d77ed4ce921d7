using System.Text;
using CsCheck;
using ServingFabric.Inference;
using ServingFabric.Runtime.Repository;
using ServingFabric.Tests.Shared.Fuzzing;
using Xunit.Abstractions;

namespace ServingFabric.Runtime.Tests.Repository;

/// <summary>
/// Property: every config.json text either reads or fails with an InvalidInput <see cref="InferenceException"/> naming
/// the file, never another exception type.
/// </summary>
public sealed class ModelConfigJsonFuzzTests(ITestOutputHelper output)
{
    private const ulong Seed = 20260417;

    private static readonly string[] Fields =
    [
        "platform", "max_batch_size", "dynamic_batching", "max_queue_delay_microseconds", "preferred_batch_size", "max_queue_size", "engine_threads",
        "default_version", "versions", "sha256", "deterministic", "replicas", "min", "max", "instance_count", "memory", "arena", "memory_pattern",
    ];

    [Fact]
    public void Parse_HostileConfig_ReadsOrFailsWithInvalidInput()
    {
        var value = Gen.Frequency((3, HostileJson.Value(2)), (1, Gen.Select(HostileJson.Pick(Fields), HostileJson.Value(1)).Array[0, 3]
            .Select(m => HostileJson.Object([.. m.Select(kv => (HostileJson.Utf8($"\"{kv.Item1}\""), kv.Item2))]))));
        var config = HostileJson.Damaged(Gen.Select(HostileJson.Pick(Fields), value).Array[0, 6]
            .Select(m => HostileJson.Object([.. m.Select(kv => (HostileJson.Utf8($"\"{kv.Item1}\""), kv.Item2))])));
        var read = 0;
        var count = SeededRun.Check(
            config,
            bytes =>
            {
                // The file reader decodes UTF-8 with replacement; a text that already holds lone surrogates is tried too.
                foreach (var text in new[] { Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(bytes).Replace("é", "\ud800", StringComparison.Ordinal) })
                {
                    try
                    {
                        ModelConfigJson.Parse(text, "config.json");
                        read++;
                    }
                    catch (InferenceException ex) when (ex.Kind == InferenceErrorKind.InvalidInput)
                    {
                    }
                }
            },
            iterations: 6_000, stream: 9, Seed, HostileJson.Print);
        output.WriteLine($"config.json: {count} cases x 2 texts (PCG stream 9, seed {Seed}), {read} read");
    }
}
