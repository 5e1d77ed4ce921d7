using ServingFabric.Perf.Measurement;

namespace ServingFabric.Perf.Scenarios;

/// <summary>
/// How long runs take. The default keeps each scenario near two minutes on two cores; <c>--tiny</c> takes a few
/// seconds per scenario (no stability wait) so a test can prove the harness works; <c>--seconds</c> caps measuring.
/// </summary>
internal sealed record ScenarioTiming(
    TimeSpan Warmup, TimeSpan Window, int MinWindows, TimeSpan MaxMeasure,
    TimeSpan OpenWarmup, TimeSpan OpenDuration, TimeSpan SearchStep, int SearchSteps, int MaxOutstanding)
{
    public static ScenarioTiming Default { get; } = new(
        Warmup: TimeSpan.FromSeconds(1), Window: TimeSpan.FromSeconds(0.5), MinWindows: 5, MaxMeasure: TimeSpan.FromSeconds(5),
        OpenWarmup: TimeSpan.FromSeconds(2), OpenDuration: TimeSpan.FromSeconds(10), SearchStep: TimeSpan.FromSeconds(4), SearchSteps: 7,
        MaxOutstanding: 2_000);

    public static ScenarioTiming Tiny { get; } = new(
        Warmup: TimeSpan.FromSeconds(0.3), Window: TimeSpan.FromSeconds(0.2), MinWindows: 2, MaxMeasure: TimeSpan.FromSeconds(0.4),
        OpenWarmup: TimeSpan.FromSeconds(0.3), OpenDuration: TimeSpan.FromSeconds(1), SearchStep: TimeSpan.FromSeconds(0.4), SearchSteps: 2,
        MaxOutstanding: 500);

    /// <summary>The longest a fresh silo is warmed up before measuring (until its JIT settles): 20 s, tiny 3 s.</summary>
    public TimeSpan FabricWarmupLimit => IsTiny ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(20);

    public bool IsTiny => this == Tiny;

    public static ScenarioTiming For(bool tiny, double? seconds)
    {
        var timing = tiny ? Tiny : Default;
        if (seconds is not { } limit)
        {
            return timing;
        }

        var measure = TimeSpan.FromSeconds(limit);
        return timing with
        {
            MaxMeasure = measure,
            MinWindows = Math.Max(1, Math.Min(timing.MinWindows, (int)(measure / timing.Window))),
            OpenDuration = measure,
        };
    }

    public ClosedLoopOptions Closed(int concurrency) => new(concurrency, Warmup, Window, MinWindows, MaxMeasure);

    public OpenLoopOptions Open(double rate, ArrivalProcess arrivals, int seed) => new(rate, arrivals, OpenWarmup, OpenDuration, MaxOutstanding, seed);

    /// <summary>A short constant-rate step of the sustainable-rate search; the connections are warm by then, so a quarter of it warms up.</summary>
    public OpenLoopOptions SearchAt(double rate, int seed) => new(rate, ArrivalProcess.Constant, SearchStep / 4, SearchStep, MaxOutstanding, seed);
}
