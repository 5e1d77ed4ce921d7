using Microsoft.Extensions.Time.Testing;
using ServingFabric.Traffic.LoadBalancing;

namespace ServingFabric.Traffic.Tests.LoadBalancing;

public sealed class OutlierDetectorTests
{
    private static readonly string[] Replicas = ["m/1/0", "m/1/1", "m/1/2", "m/1/3"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void RecordFailure_FiveInARow_EjectsForTheBaseTime()
    {
        var detector = Create();

        var verdicts = Enumerable.Range(0, 5).Select(_ => detector.RecordFailure("m/1/0")).ToList();

        Assert.All(verdicts.Take(4), v => Assert.Equal(OutlierVerdict.None, v));
        Assert.Equal(OutlierTransition.Ejected, verdicts[4].Transition);
        Assert.Equal("5 consecutive failures", verdicts[4].Reason);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(10), verdicts[4].EjectedUntil);
        Assert.Equal(ReplicaAvailability.Ejected, detector.GetAvailability("m/1/0"));
        Assert.Equal(ReplicaAvailability.Available, detector.GetAvailability("m/1/1"));
    }

    [Fact]
    public void RecordFailure_SuccessInBetween_ResetsTheStreak()
    {
        var detector = Create();

        for (var i = 0; i < 4; i++)
        {
            detector.RecordFailure("m/1/0");
        }

        detector.RecordSuccess("m/1/0");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(OutlierVerdict.None, detector.RecordFailure("m/1/0"));
        }

        Assert.Equal(ReplicaAvailability.Available, detector.GetAvailability("m/1/0"));
    }

    [Fact]
    public void RecordFailure_HalfOfAFullWindow_EjectsByRate()
    {
        var detector = Create(new OutlierDetectionOptions { ConsecutiveFailures = 0 });
        var verdicts = new List<OutlierVerdict>();

        // Alternating outcomes: never two failures in a row, 50 % over the window once it holds 20 requests.
        for (var i = 0; i < 20; i++)
        {
            verdicts.Add(i % 2 == 0 ? detector.RecordSuccess("m/1/0") : detector.RecordFailure("m/1/0"));
        }

        Assert.All(verdicts.Take(19), v => Assert.Equal(OutlierTransition.None, v.Transition));
        Assert.Equal(OutlierTransition.Ejected, verdicts[19].Transition);
        Assert.Equal("10 of the last 20 requests failed", verdicts[19].Reason);
    }

    [Fact]
    public void RecordFailure_RateBelowThresholdOverSlidingWindow_StaysInRotation()
    {
        var detector = Create(new OutlierDetectionOptions { ConsecutiveFailures = 0 });

        // One failure in three, for 300 requests: 33 % in every window of 20.
        for (var i = 0; i < 300; i++)
        {
            var verdict = i % 3 == 2 ? detector.RecordFailure("m/1/0") : detector.RecordSuccess("m/1/0");
            Assert.Equal(OutlierTransition.None, verdict.Transition);
        }

        Assert.Equal(ReplicaAvailability.Available, detector.GetAvailability("m/1/0"));
    }

    [Fact]
    public void RecordFailure_OldSuccessesSlideOut_EjectsOnceRecentFailuresDominate()
    {
        var detector = Create(new OutlierDetectionOptions { ConsecutiveFailures = 0 });
        for (var i = 0; i < 100; i++)
        {
            detector.RecordSuccess("m/1/0");
        }

        var ejectedAt = -1;
        for (var i = 0; i < 20 && ejectedAt < 0; i++)
        {
            if (detector.RecordFailure("m/1/0").Transition == OutlierTransition.Ejected)
            {
                ejectedAt = i + 1;
            }
        }

        Assert.Equal(10, ejectedAt);
    }

    [Fact]
    public void GetAvailability_AfterBackOff_ProbeEligibleAndOneProbeAtATime()
    {
        var detector = Create();
        Eject(detector, "m/1/0");

        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(ReplicaAvailability.Ejected, detector.GetAvailability("m/1/0"));
        Assert.False(detector.TryBeginProbe("m/1/0"));

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(ReplicaAvailability.ProbeEligible, detector.GetAvailability("m/1/0"));
        Assert.True(detector.TryBeginProbe("m/1/0"));
        Assert.False(detector.TryBeginProbe("m/1/0"));
    }

    [Fact]
    public void AbandonProbe_CallerWentAway_NextRequestMayProbe()
    {
        var detector = Create();
        Eject(detector, "m/1/0");
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(detector.TryBeginProbe("m/1/0"));

        detector.AbandonProbe("m/1/0");

        Assert.Equal(ReplicaAvailability.ProbeEligible, detector.GetAvailability("m/1/0"));
        Assert.True(detector.TryBeginProbe("m/1/0"));
    }

    [Fact]
    public void RecordSuccess_OfTheProbe_ReturnsReplicaToRotation()
    {
        var detector = Create();
        Eject(detector, "m/1/0");
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(detector.TryBeginProbe("m/1/0"));

        var verdict = detector.RecordSuccess("m/1/0");

        Assert.Equal(OutlierTransition.Recovered, verdict.Transition);
        Assert.Equal(ReplicaAvailability.Available, detector.GetAvailability("m/1/0"));
        Assert.Equal(0, detector.EjectedCount);
    }

    [Fact]
    public void RecordSuccess_LateAnswerDuringBackOff_KeepsItEjected()
    {
        var detector = Create();
        Eject(detector, "m/1/0");

        Assert.Equal(OutlierVerdict.None, detector.RecordSuccess("m/1/0"));
        Assert.Equal(ReplicaAvailability.Ejected, detector.GetAvailability("m/1/0"));
    }

    [Fact]
    public void RecordFailure_OfTheProbe_DoublesTheBackOffUpToTheMaximum()
    {
        var detector = Create();
        Eject(detector, "m/1/0");
        var backOffs = new List<TimeSpan>();

        for (var i = 0; i < 7; i++)
        {
            var until = detector.GetEjectedUntil("m/1/0")!.Value;
            _time.SetUtcNow(until);
            Assert.True(detector.TryBeginProbe("m/1/0"));
            var verdict = detector.RecordFailure("m/1/0");
            Assert.Equal(OutlierTransition.Reejected, verdict.Transition);
            backOffs.Add(verdict.EjectedUntil!.Value - _time.GetUtcNow());
        }

        Assert.Equal([20, 40, 80, 160, 300, 300, 300], backOffs.Select(b => b.TotalSeconds));
    }

    [Fact]
    public void RecordFailure_EjectedAgainSoonAfterRecovery_DoublesTheBackOff()
    {
        var detector = Create();
        Eject(detector, "m/1/0");
        Recover(detector, "m/1/0");

        var verdict = Eject(detector, "m/1/0");

        Assert.Equal(TimeSpan.FromSeconds(20), verdict.EjectedUntil - _time.GetUtcNow());
    }

    [Fact]
    public void RecordFailure_EjectedAgainLongAfterRecovery_BackOffForgiven()
    {
        var detector = Create();
        Eject(detector, "m/1/0");
        Recover(detector, "m/1/0");
        _time.Advance(TimeSpan.FromSeconds(10));

        var verdict = Eject(detector, "m/1/0");

        Assert.Equal(TimeSpan.FromSeconds(10), verdict.EjectedUntil - _time.GetUtcNow());
    }

    [Fact]
    public void RecordFailure_HalfAlreadyEjected_KeepsTheRestInRotation()
    {
        var detector = Create();
        Eject(detector, "m/1/0");
        Eject(detector, "m/1/1");

        var verdicts = Enumerable.Range(0, 10).Select(_ => detector.RecordFailure("m/1/2")).ToList();

        Assert.All(verdicts, v => Assert.Equal(OutlierTransition.None, v.Transition));
        Assert.Equal(ReplicaAvailability.Available, detector.GetAvailability("m/1/2"));
        Assert.Equal(2, detector.EjectedCount);
    }

    [Fact]
    public void RecordFailure_WhenAnotherRecovers_EjectsTheWaitingOutlier()
    {
        var detector = Create();
        Eject(detector, "m/1/0");
        Eject(detector, "m/1/1");
        for (var i = 0; i < 5; i++)
        {
            detector.RecordFailure("m/1/2");
        }

        Recover(detector, "m/1/0");

        Assert.Equal(OutlierTransition.Ejected, detector.RecordFailure("m/1/2").Transition);
    }

    [Fact]
    public void RecordFailure_SingleReplica_NeverEjected()
    {
        var detector = Create(keys: ["m/1/0"]);

        var verdicts = Enumerable.Range(0, 50).Select(_ => detector.RecordFailure("m/1/0")).ToList();

        Assert.All(verdicts, v => Assert.Equal(OutlierTransition.None, v.Transition));
        Assert.Equal(ReplicaAvailability.Available, detector.GetAvailability("m/1/0"));
    }

    [Fact]
    public void Track_ReplicaRemovedWhileEjected_FreesItsShare()
    {
        var detector = Create();
        Eject(detector, "m/1/0");
        Eject(detector, "m/1/1");

        detector.Track(["m/1/1", "m/1/2", "m/1/3", "m/1/4"]);

        Assert.Equal(1, detector.EjectedCount);
        Assert.Equal(ReplicaAvailability.Ejected, detector.GetAvailability("m/1/1"));
        Assert.Equal(OutlierTransition.Ejected, Eject(detector, "m/1/2").Transition);
    }

    [Fact]
    public void Constructor_WindowBelowTwenty_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new OutlierDetector(new OutlierDetectionOptions { FailureRateWindow = 5 }, _time));

        Assert.Contains("FailureRateWindow", error.Message, StringComparison.Ordinal);
    }

    private OutlierDetector Create(OutlierDetectionOptions? options = null, string[]? keys = null)
    {
        var detector = new OutlierDetector(options ?? new OutlierDetectionOptions(), _time);
        detector.Track(keys ?? Replicas);
        return detector;
    }

    private static OutlierVerdict Eject(OutlierDetector detector, string key)
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(OutlierTransition.None, detector.RecordFailure(key).Transition);
        }

        var verdict = detector.RecordFailure(key);
        Assert.Equal(OutlierTransition.Ejected, verdict.Transition);
        return verdict;
    }

    private void Recover(OutlierDetector detector, string key)
    {
        _time.SetUtcNow(detector.GetEjectedUntil(key)!.Value);
        Assert.True(detector.TryBeginProbe(key));
        Assert.Equal(OutlierTransition.Recovered, detector.RecordSuccess(key).Transition);
    }
}
