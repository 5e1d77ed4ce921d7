namespace ServingFabric.Traffic.Statistics;

/// <summary>The parameters of one mixture sequential probability ratio test.</summary>
[GenerateSerializer, Alias("sf.MsprtSettings")]
public sealed record MsprtSettings
{
    /// <summary>The difference (treatment - control) under the null hypothesis. Default 0.</summary>
    [Id(0)]
    public double Theta0 { get; init; }

    /// <summary>
    /// Standard deviation of the normal mixing prior on the effect: the smallest effect worth detecting, in the
    /// metric's units. Default 0.1 (≈ ln 1.10 for log-latency).
    /// </summary>
    [Id(1)]
    public double Tau { get; init; } = 0.1;

    /// <summary>Bound on the chance of ever rejecting a true null hypothesis, however often one looks. Default 0.05.</summary>
    [Id(2)]
    public double Alpha { get; init; } = 0.05;

    /// <summary>Which differences count as evidence. Default <see cref="AlternativeHypothesis.TwoSided"/>.</summary>
    [Id(3)]
    public AlternativeHypothesis Alternative { get; init; } = AlternativeHypothesis.TwoSided;

    /// <summary>
    /// Observations each arm needs before the test may decide. Default 500: the variances are plug-in estimates,
    /// so the test is valid only once they have settled.
    /// </summary>
    [Id(4)]
    public long MinSamplesPerArm { get; init; } = 500;

    /// <summary>Throws with the setting's name when a value makes the test meaningless.</summary>
    public void Validate()
    {
        if (!(Tau > 0) || double.IsInfinity(Tau))
        {
            throw new ArgumentOutOfRangeException(nameof(Tau), Tau, "Tau must be a positive, finite effect size in the metric's units (e.g. ln 1.10 for log-latency).");
        }

        if (!(Alpha is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must lie strictly between 0 and 1 (e.g. 0.05).");
        }

        if (MinSamplesPerArm < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSamplesPerArm), MinSamplesPerArm, "MinSamplesPerArm must be at least 2 so both variances exist; 500 is the recommended burn-in.");
        }
    }
}
