namespace ServingFabric.Perf.Measurement;

/// <summary>How one request ended. Failures are exceptions, so their messages reach the report.</summary>
internal enum RequestOutcome
{
    /// <summary>Answered with outputs.</summary>
    Ok,

    /// <summary>Refused by load shedding (429 queue full or 503 unavailable): the fast "no" an overloaded fabric owes its callers.</summary>
    Refused,
}
