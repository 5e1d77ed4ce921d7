namespace ServingFabric.Runtime.Telemetry;

/// <summary>How often the silo reads its CPU and memory (the silo binds it from <c>ServingFabric:Silo:ResourceSampleInterval</c>).</summary>
public sealed class SiloResourceMonitorOptions
{
    /// <summary>
    /// Time between readings; CPU utilization is averaged over it. Default 5 s: short enough for an autoscaler that
    /// evaluates every few seconds, long enough that one busy batch does not read as a saturated silo.
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);
}
