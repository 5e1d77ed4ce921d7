namespace ServingFabric.Traffic.Statistics;

/// <summary>The parameters of one Beta-binomial count test.</summary>
[GenerateSerializer, Alias("sf.CountTestSettings")]
public sealed record CountTestSettings
{
    /// <summary>Bound on the chance of ever rejecting a true null hypothesis. Default 0.01 (harm); use 0.001 for sample-ratio mismatch.</summary>
    [Id(0)]
    public double Alpha { get; init; } = 0.01;

    /// <summary>
    /// Concentration c of the Beta(c·ρ0, c·(1-ρ0)) mixture around the expected share. Default 10: small values
    /// bet on large departures and detect them fast; large values bet on small ones.
    /// </summary>
    [Id(1)]
    public double Concentration { get; init; } = 10.0;

    /// <summary>Which departures count: <see cref="AlternativeHypothesis.Greater"/> = more events in the treatment (harm). Default Greater.</summary>
    [Id(2)]
    public AlternativeHypothesis Alternative { get; init; } = AlternativeHypothesis.Greater;

    /// <summary>Throws with the setting's name when a value makes the test meaningless.</summary>
    public void Validate()
    {
        if (!(Alpha is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must lie strictly between 0 and 1 (e.g. 0.01 for harm, 0.001 for sample-ratio mismatch).");
        }

        if (!(Concentration > 0) || double.IsInfinity(Concentration))
        {
            throw new ArgumentOutOfRangeException(nameof(Concentration), Concentration, "Concentration must be positive and finite (10 is the default).");
        }
    }
}
