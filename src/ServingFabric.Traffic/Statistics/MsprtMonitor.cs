namespace ServingFabric.Traffic.Statistics;

/// <summary>
/// An mSPRT that remembers its running-minimum p-value between looks (Johari et al., "Always Valid Inference",
/// 2022). Plain data so a grain can persist it; feed it the cumulative accumulators of both arms at every look.
/// </summary>
[GenerateSerializer, Alias("sf.MsprtMonitor")]
public sealed class MsprtMonitor
{
    /// <summary>Creates a monitor with default settings (for serializers).</summary>
    public MsprtMonitor()
    {
    }

    /// <summary>Creates a monitor for the given test.</summary>
    public MsprtMonitor(MsprtSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
    }

    /// <summary>The test's parameters.</summary>
    [Id(0)]
    public MsprtSettings Settings { get; set; } = new();

    /// <summary>The always-valid p-value so far (p₀ = 1).</summary>
    [Id(1)]
    public double PValue { get; set; } = 1.0;

    /// <summary>The latest look, or null before the first.</summary>
    [Id(2)]
    public MsprtResult? Last { get; set; }

    /// <summary>Whether the null hypothesis has been rejected at some look (rejection is final).</summary>
    public bool Rejected => PValue <= Settings.Alpha;

    /// <summary>Looks at two means.</summary>
    public MsprtResult Update(MeanAccumulator control, MeanAccumulator treatment) =>
        Remember(Msprt.Test(control, treatment, Settings, PValue));

    /// <summary>Looks at two proportions.</summary>
    public MsprtResult Update(EventAccumulator control, EventAccumulator treatment) =>
        Remember(Msprt.Test(control, treatment, Settings, PValue));

    /// <summary>Looks at a difference D with variance V.</summary>
    public MsprtResult Update(double difference, double variance, long controlCount, long treatmentCount) =>
        Remember(Msprt.Test(difference, variance, controlCount, treatmentCount, Settings, PValue));

    private MsprtResult Remember(MsprtResult result)
    {
        PValue = result.PValue;
        Last = result;
        return result;
    }
}
