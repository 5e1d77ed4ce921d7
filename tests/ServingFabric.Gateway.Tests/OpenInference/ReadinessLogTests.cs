using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Gateway.Tests.Errors;
using ServingFabric.Health;

namespace ServingFabric.Gateway.Tests.OpenInference;

public sealed class ReadinessLogTests : IDisposable
{
    private static readonly ReadinessFailure Membership = new(ReadinessConditions.Membership, "the silo is ShuttingDown in membership");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly ReadinessLog _log;

    public ReadinessLogTests()
    {
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs));
        _log = new ReadinessLog(_loggers.CreateLogger<ReadinessLog>(), _time);
    }

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public void Observe_FailingProbesAfterReady_WarnsOnceWithWhatToDoThenLogsRecovery()
    {
        _log.Observe(null);
        for (var probe = 0; probe < 5; probe++)
        {
            _log.Observe(Membership);
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        _log.Observe(null);
        _log.Observe(null);

        Assert.Equal(2, _logs.Entries.Count);
        Assert.Equal(LogLevel.Warning, _logs.Entries[0].Level);
        Assert.Contains("condition 'membership' fails: the silo is ShuttingDown in membership", _logs.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains(ReadinessLog.WhatToDo(ReadinessConditions.Membership), _logs.Entries[0].Message, StringComparison.Ordinal);
        Assert.Equal((LogLevel.Information, "Pod ready again after 10.0 s (condition 'membership' passes)"), (_logs.Entries[1].Level, _logs.Entries[1].Message));
    }

    [Fact]
    public void Observe_AnotherConditionTakesOver_LogsTheNewOne()
    {
        _log.Observe(null);
        _log.Observe(Membership);
        _log.Observe(new ReadinessFailure(ReadinessConditions.Routing, "no routing table for model 'iris'"));

        Assert.Equal(2, _logs.Entries.Count(e => e.Level == LogLevel.Warning));
        Assert.Contains("condition 'routing'", _logs.Entries[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_StartingUpOrDraining_InformsWithoutAWarning()
    {
        _log.Observe(new ReadinessFailure(ReadinessConditions.Routing, "the model repository is still loading"));
        _log.Observe(null);
        _log.Observe(new ReadinessFailure(ReadinessConditions.Draining, "server is draining"));

        Assert.All(_logs.Entries, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.Equal(2, _logs.Entries.Count);
    }
}
