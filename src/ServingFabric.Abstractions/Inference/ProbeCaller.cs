namespace ServingFabric.Inference;

/// <summary>
/// The caller name of a gateway's synthetic probe (<c>probe:&lt;silo&gt;</c>). Fronts serve probes like any request but
/// leave them out of what they report to the router (the traffic's SLI, release statistics, the autoscaler's load):
/// the router counts probes apart, as the probe view of availability.
/// </summary>
public static class ProbeCaller
{
    public const string Prefix = "probe:";

    /// <summary>The caller name of <paramref name="silo"/>'s prober.</summary>
    public static string Of(string silo) => Prefix + silo;

    public static bool Is(string caller) => caller.StartsWith(Prefix, StringComparison.Ordinal);
}
