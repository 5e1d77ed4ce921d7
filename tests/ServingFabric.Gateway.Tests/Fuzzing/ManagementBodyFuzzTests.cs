using System.Text.Json.Serialization.Metadata;
using CsCheck;
using Microsoft.AspNetCore.Http;
using ServingFabric.Contracts;
using ServingFabric.Gateway.Management;
using ServingFabric.Inference;
using ServingFabric.Tests.Shared.Fuzzing;
using Xunit.Abstractions;

namespace ServingFabric.Gateway.Tests.Fuzzing;

/// <summary>
/// Property: every management (/v1) body either binds to its contract or fails with a 400
/// <see cref="InferenceException"/>, never another exception type, for every request contract of the API.
/// </summary>
public sealed class ManagementBodyFuzzTests(ITestOutputHelper output)
{
    private const ulong Seed = 20260417;

    [Fact]
    public async Task ReadAsync_HostileBodies_BindsOrFailsWithInvalidInput()
    {
        var bound = 0;
        var count = 0;
        count += await RunAsync(ManagementJsonContext.Default.UpdateModelRequest, 1, () => bound++);
        count += await RunAsync(ManagementJsonContext.Default.UpdateScalingRequest, 2, () => bound++);
        count += await RunAsync(ManagementJsonContext.Default.CanaryRequest, 3, () => bound++);
        count += await RunAsync(ManagementJsonContext.Default.AbTestRequest, 4, () => bound++);
        count += await RunAsync(ManagementJsonContext.Default.RegisterVersionRequest, 5, () => bound++);
        count += await RunAsync(ManagementJsonContext.Default.FeedbackRequest, 6, () => bound++);
        count += await RunAsync(ManagementJsonContext.Default.FaultInjectionRequest, 7, () => bound++);
        count += await RunAsync(ManagementJsonContext.Default.ReasonRequest, 8, () => bound++);
        output.WriteLine($"management bodies: {count} cases (PCG streams 1-8, seed {Seed}), {bound} bound, {count - bound} refused with 400");
    }

    // Field names of the contracts mixed with the grammar's hostile values, so many bodies get past the first check.
    private static Gen<byte[]> Body => HostileJson.Damaged(Gen.Frequency(
        (3, Gen.Select(
                HostileJson.Pick("reason", "weights", "version", "percent", "default_version", "mirror", "min_replicas", "max_replicas", "steps", "artifact", "sha256", "reward", "request_id", "kind", "\\ud800", "x"),
                HostileJson.Value(3)).Array[0, 4]
            .Select(m => HostileJson.Object([.. m.Select(kv => (HostileJson.Utf8($"\"{kv.Item1}\""), kv.Item2))]))),
        (1, HostileJson.Value(4)),
        (1, HostileJson.DeepNesting)));

    private static async Task<int> RunAsync<T>(JsonTypeInfo<T> contract, uint stream, Action bound)
    {
        var schema = new ManagementBodySchema<T>(contract, "{}");
        var pcg = new PCG(stream, Seed);
        const int Iterations = 1_500;
        for (var i = 0; i < Iterations; i++)
        {
            var body = Body.Generate(pcg, null, out _);
            var context = new DefaultHttpContext();
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
            try
            {
                await ManagementBody.ReadAsync(context.Request, schema);
                bound();
            }
            catch (InferenceException ex) when (ex.Kind is InferenceErrorKind.InvalidInput or InferenceErrorKind.TooLarge)
            {
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException(
                    $"{typeof(T).Name} case {i} (PCG stream {stream}, seed {Seed}) threw {ex.GetType().Name}: {ex.Message}\nInput: {HostileJson.Print(body)}", ex);
            }
        }

        return Iterations;
    }
}
