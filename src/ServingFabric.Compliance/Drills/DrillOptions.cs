namespace ServingFabric.Compliance.Drills;

/// <summary>Which drills run and their bounds. Every drill is opt-in and ends within its bounds whatever the fabric does.</summary>
public sealed record DrillOptions
{
    /// <summary>The highest load drill rate, requests per second.</summary>
    public const double MaxRate = 2000;

    /// <summary>The longest load drill, seconds.</summary>
    public const double MaxSeconds = 600;

    /// <summary>Run the open-loop load drill.</summary>
    public bool Load { get; init; }

    /// <summary>Run the failover drill (needs <see cref="FailoverCommand"/>: the management API cannot restart a replica).</summary>
    public bool Failover { get; init; }

    /// <summary>Run the stepped-load scale drill.</summary>
    public bool Scale { get; init; }

    /// <summary>The model drilled; null: the first model of the repository index.</summary>
    public string? Model { get; init; }

    /// <summary>Requests per second of the load drill (default 20, at most 2000).</summary>
    public double LoadRate { get; init; } = 20;

    /// <summary>Seconds the load drill sends (default 10, at most 600).</summary>
    public double LoadSeconds { get; init; } = 10;

    /// <summary>A shell command that makes a replica fail (kills a silo), run once by the failover drill.</summary>
    public string? FailoverCommand { get; init; }

    /// <summary>How long the failover drill waits for full recovery (default 120 s).</summary>
    public TimeSpan FailoverTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Seconds of each of the scale drill's three steps (low, high, low; default 30).</summary>
    public double ScaleStepSeconds { get; init; } = 30;

    /// <summary>How often the operator view is sampled during drills.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether any drill runs.</summary>
    public bool Any => Load || Failover || Scale;
}
