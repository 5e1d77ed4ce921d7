using ServingFabric.Perf.Measurement;

namespace ServingFabric.Perf.Reporting;

/// <summary>Everything one scenario measured and concluded; written as JSON and Markdown.</summary>
internal sealed class ScenarioReport(string scenario, string title, string description)
{
    public string Scenario { get; } = scenario;

    public string Title { get; } = title;

    public string Description { get; } = description;

    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;

    public double DurationSeconds { get; set; }

    public MachineInfo Machine { get; } = MachineInfo.Current();

    public bool Tiny { get; init; }

    public int Seed { get; init; }

    public List<RunResult> Runs { get; } = [];

    public List<TargetCheck> Checks { get; } = [];

    public List<ReportTable> Tables { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>PNG file names, relative to the results folder.</summary>
    public List<string> Plots { get; } = [];
}
