namespace ServingFabric.Traffic.Tests.Statistics;

/// <summary>Standard normal draws from a seeded <see cref="Random"/>, so simulations are deterministic.</summary>
internal static class NormalSampler
{
    // Box–Muller; one draw per call keeps the stream simple to reason about.
    public static double NextGaussian(this Random random, double mean = 0, double sd = 1)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
