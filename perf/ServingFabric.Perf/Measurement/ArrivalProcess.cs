namespace ServingFabric.Perf.Measurement;

/// <summary>How an open loop spaces its sends.</summary>
internal enum ArrivalProcess
{
    /// <summary>Evenly spaced, 1/rate apart.</summary>
    Constant,

    /// <summary>Exponential gaps (a Poisson process), the bursty arrivals of many independent users.</summary>
    Poisson,
}
