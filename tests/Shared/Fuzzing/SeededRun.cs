using CsCheck;

namespace ServingFabric.Tests.Shared.Fuzzing;

/// <summary>
/// Runs a property over cases drawn from a CsCheck generator with one fixed PCG stream and seed, on one thread, so a
/// run generates the same cases every time (CsCheck's own Sample seeds only its first case). A failure names the case
/// number, the seed and the input, which is enough to replay it.
/// </summary>
internal static class SeededRun
{
    public static int Check<T>(Gen<T> gen, Action<T> property, int iterations, uint stream, ulong seed, Func<T, string> print)
    {
        var pcg = new PCG(stream, seed);
        for (var i = 0; i < iterations; i++)
        {
            var value = gen.Generate(pcg, null, out _);
            try
            {
                property(value);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException(
                    $"Case {i} of the run with PCG stream {stream} seed {seed} failed with {ex.GetType().Name}: {ex.Message}\nInput: {print(value)}", ex);
            }
        }

        return iterations;
    }
}
