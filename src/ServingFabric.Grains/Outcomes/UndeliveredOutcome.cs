namespace ServingFabric.Grains.Outcomes;

/// <summary>What became of a report the router did not take.</summary>
internal enum UndeliveredOutcome
{
    /// <summary>Kept for the next flush; the first failure since the last delivery (worth a warning).</summary>
    KeptFirstFailure,

    /// <summary>Kept for the next flush; earlier flushes failed too.</summary>
    Kept,

    /// <summary>Dropped: flushes have failed for longer than the retention.</summary>
    Dropped,
}
