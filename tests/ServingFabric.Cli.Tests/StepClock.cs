namespace ServingFabric.Cli.Tests;

/// <summary>A clock that moves only when fabric waits, by exactly the wait.</summary>
internal sealed class StepClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public List<TimeSpan> Waits { get; } = [];

    public CliEnvironment Environment => new("http://gw:8080", null, null, this, (wait, _) =>
    {
        Waits.Add(wait);
        _now += wait;
        return Task.CompletedTask;
    }, Interactive: false);

    public override DateTimeOffset GetUtcNow() => _now;
}
