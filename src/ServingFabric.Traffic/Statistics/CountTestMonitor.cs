namespace ServingFabric.Traffic.Statistics;

/// <summary>
/// A <see cref="CountTest"/> that spans changes of the traffic share (10 % → 25 % …): each share gets its own
/// Bayes factor, and the factors multiply, because a product of test martingales over consecutive periods is
/// again a test martingale (Lindon and Malek, NeurIPS 2022). Plain data so a grain can persist it.
/// </summary>
[GenerateSerializer, Alias("sf.CountTestMonitor")]
public sealed class CountTestMonitor
{
    /// <summary>Creates a monitor with default settings (for serializers).</summary>
    public CountTestMonitor()
    {
    }

    /// <summary>Creates a monitor for the given test.</summary>
    public CountTestMonitor(CountTestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
    }

    /// <summary>The test's parameters.</summary>
    [Id(0)]
    public CountTestSettings Settings { get; set; } = new();

    /// <summary>The treatment's traffic share ρ0 in the current segment; 0 before the first look.</summary>
    [Id(1)]
    public double Share { get; set; }

    /// <summary>Treatment events in the current segment.</summary>
    [Id(2)]
    public long SegmentTreatmentEvents { get; set; }

    /// <summary>All events in the current segment.</summary>
    [Id(3)]
    public long SegmentTotalEvents { get; set; }

    /// <summary>Sum of ln BF over finished segments.</summary>
    [Id(4)]
    public double ClosedLogBayesFactor { get; set; }

    /// <summary>Treatment events over all segments.</summary>
    [Id(5)]
    public long TreatmentEvents { get; set; }

    /// <summary>Events over all segments.</summary>
    [Id(6)]
    public long TotalEvents { get; set; }

    /// <summary>Σ ρ0·n over finished segments.</summary>
    [Id(7)]
    public double ClosedExpectedTreatmentEvents { get; set; }

    /// <summary>The always-valid p-value so far.</summary>
    [Id(8)]
    public double PValue { get; set; } = 1.0;

    /// <summary>Whether the null hypothesis has been rejected at some look (rejection is final).</summary>
    public bool Rejected => PValue <= Settings.Alpha;

    /// <summary>
    /// Adds the events since the last look and looks. <paramref name="treatmentShare"/> is the share of traffic
    /// the treatment was configured to get while they happened; a new value starts a new factor.
    /// </summary>
    public CountTestResult Update(long treatmentEvents, long controlEvents, double treatmentShare)
    {
        if (treatmentEvents < 0 || controlEvents < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(treatmentEvents), $"Event counts cannot be negative; got {treatmentEvents} and {controlEvents}.");
        }

        if (!(treatmentShare is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(treatmentShare), treatmentShare, "The treatment's traffic share must lie strictly between 0 and 1.");
        }

        if (treatmentShare != Share)
        {
            ClosedLogBayesFactor += SegmentLogBayesFactor();
            ClosedExpectedTreatmentEvents += Share * SegmentTotalEvents;
            (Share, SegmentTreatmentEvents, SegmentTotalEvents) = (treatmentShare, 0, 0);
        }

        SegmentTreatmentEvents += treatmentEvents;
        SegmentTotalEvents += treatmentEvents + controlEvents;
        TreatmentEvents += treatmentEvents;
        TotalEvents += treatmentEvents + controlEvents;

        var logBayesFactor = ClosedLogBayesFactor + SegmentLogBayesFactor();
        var expected = ClosedExpectedTreatmentEvents + (Share * SegmentTotalEvents);

        // A one-sided test acts only when the excess points its way; its rejections are a subset of the
        // two-sided ones, so the bound α still holds.
        var inDirection = Settings.Alternative switch
        {
            AlternativeHypothesis.Greater => TreatmentEvents > expected,
            AlternativeHypothesis.Less => TreatmentEvents < expected,
            _ => true,
        };
        if (inDirection)
        {
            PValue = Math.Min(PValue, Math.Exp(-logBayesFactor));
        }

        return new CountTestResult(logBayesFactor, PValue, TreatmentEvents, TotalEvents, expected, Rejected, Settings.Alpha);
    }

    private double SegmentLogBayesFactor() => SegmentTotalEvents == 0
        ? 0.0
        : CountTest.LogBayesFactor(SegmentTreatmentEvents, SegmentTotalEvents, Share, Settings.Concentration);
}
