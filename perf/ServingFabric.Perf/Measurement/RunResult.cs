namespace ServingFabric.Perf.Measurement;

/// <summary>One measured run: a path at one concurrency (closed loop) or one offered rate (open loop).</summary>
internal sealed record RunResult
{
    /// <summary>What the run is within its scenario, for example <c>batching on, 64 clients</c>.</summary>
    public required string Label { get; init; }

    public required string Path { get; init; }

    public required string Model { get; init; }

    /// <summary><c>closed</c> (N clients send, await, repeat) or <c>open</c> (sends at scheduled times regardless of answers).</summary>
    public required string Loop { get; init; }

    public int? Concurrency { get; init; }

    /// <summary>Requests per second the open loop offered.</summary>
    public double? OfferedRate { get; init; }

    /// <summary><c>constant</c> or <c>poisson</c> for the open loop.</summary>
    public string? Arrivals { get; init; }

    public int RowsPerRequest { get; init; } = 1;

    public double MeasuredSeconds { get; init; }

    /// <summary>
    /// Answered requests per second, warm-up excluded. Open loop: over the sending time or, when answers came back
    /// later than that, until the last answer.
    /// </summary>
    public double Throughput { get; init; }

    public double RowsPerSecond => Math.Round(Throughput * RowsPerRequest, 1);

    public long Completed { get; init; }

    /// <summary>Failures other than load shedding.</summary>
    public long Errors { get; init; }

    /// <summary>429/503 answers.</summary>
    public long Refused { get; init; }

    /// <summary>Open loop only: sends skipped because the outstanding bound was reached (also counted in <see cref="Errors"/>).</summary>
    public long Dropped { get; init; }

    public long MaxOutstanding { get; init; }

    public string? FirstError { get; init; }

    public required LatencySummary Latency { get; init; }

    public LatencySummary RefusedLatency { get; init; } = LatencySummary.Empty;

    /// <summary>Closed loop: throughput of each measured window, in order.</summary>
    public IReadOnlyList<double> WindowThroughputs { get; init; } = [];

    /// <summary>Closed loop: whether the stability rule was met before the time limit.</summary>
    public bool Stable { get; init; }

    /// <summary>
    /// Closed loop with the silo in its own process: the silo's CPU time while measuring over the wall time, in cores
    /// (1.0 = one core busy throughout). Below its core count means the silo was waiting, not working.
    /// </summary>
    public double? ServerCpuCores { get; init; }

    /// <summary>Closed loop with the silo in its own process: the silo's CPU time per answered request, in milliseconds.</summary>
    public double? ServerCpuMsPerRequest { get; init; }

    /// <summary>
    /// Closed loop: bytes this process allocated per answered request while measuring (<see cref="ProcessCost"/>): with
    /// the silo in this process, the silo's and the load generator's together.
    /// </summary>
    public double? ProcessAllocatedBytesPerRequest { get; init; }

    /// <summary>Closed loop: this process's CPU time per answered request while measuring, in milliseconds (silo and generator when shared).</summary>
    public double? ProcessCpuMsPerRequest { get; init; }
}
