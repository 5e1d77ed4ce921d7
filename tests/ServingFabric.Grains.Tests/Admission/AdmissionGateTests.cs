using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Admission;
using ServingFabric.Inference;
using ServingFabric.Scaling;

namespace ServingFabric.Grains.Tests.Admission;

public sealed class AdmissionGateTests
{
    private static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private DateTimeOffset FarDeadline => _time.GetUtcNow() + TimeSpan.FromMinutes(1);

    [Fact]
    public void EnterAsync_FreeSlot_AdmitsWithoutWaiting()
    {
        var gate = Gate(concurrency: 2, queue: 1);

        var entry = gate.EnterAsync(FarDeadline, CancellationToken.None).AsTask();

        Assert.True(entry.IsCompletedSuccessfully);
        Assert.Equal(1, gate.InService);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task EnterAsync_AllSlotsTaken_WaitersAreAdmittedInArrivalOrder()
    {
        var gate = Gate(concurrency: 1, queue: 3);
        var holder = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        var first = gate.EnterAsync(FarDeadline, CancellationToken.None).AsTask();
        var second = gate.EnterAsync(FarDeadline, CancellationToken.None).AsTask();
        Assert.False(first.IsCompleted);
        Assert.Equal(2, gate.Waiting);

        holder.Dispose();
        var firstTicket = await first;

        Assert.False(second.IsCompleted);
        Assert.Equal(1, gate.InService);
        firstTicket.Dispose();
        (await second).Dispose();
        Assert.Equal(0, gate.InService);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task EnterAsync_QueueFull_RefusedAtOnceWith429AndRetryAfter()
    {
        var gate = Gate(concurrency: 1, queue: 1);
        using var holder = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        var waiter = gate.EnterAsync(FarDeadline, CancellationToken.None).AsTask();

        var error = Refused(gate, FarDeadline);

        Assert.Equal(InferenceErrorKind.QueueFull, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(1, error.RetryAfterSeconds);
        Assert.Contains("admission limit", error.Message, StringComparison.Ordinal);
        Assert.Contains("max concurrency 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("PUT /v1/models/m/scaling", error.Message, StringComparison.Ordinal);
        Assert.False(waiter.IsCompleted);
    }

    [Fact]
    public async Task EnterAsync_QueueFull_RetryAfterFollowsRecentServiceTimeAndQueueLength()
    {
        var gate = Gate(concurrency: 2, queue: 3);
        var timed = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4));
        timed.Dispose();

        using var a = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        using var b = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        var waiters = Enumerable.Range(0, 3).Select(_ => gate.EnterAsync(FarDeadline, CancellationToken.None).AsTask()).ToList();
        var error = Refused(gate, FarDeadline);

        // 4 s per request, 3 waiting plus this one, over 2 slots: 8 s.
        Assert.Equal(8, error.RetryAfterSeconds);
        Assert.All(waiters, w => Assert.False(w.IsCompleted));
    }

    [Fact]
    public async Task EnterAsync_NoQueue_RefusesAsSoonAsSlotsAreTaken()
    {
        var gate = Gate(concurrency: 1, queue: 0);
        using var holder = await gate.EnterAsync(FarDeadline, CancellationToken.None);

        var error = Refused(gate, FarDeadline);

        Assert.Equal(InferenceErrorKind.QueueFull, error.Kind);
    }

    [Fact]
    public async Task Waiter_QueueTimeoutPasses_Gets429AndNeverTakesASlot()
    {
        var gate = Gate(concurrency: 1, queue: 2);
        var holder = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        var waiter = gate.EnterAsync(FarDeadline, CancellationToken.None).AsTask();

        _time.Advance(QueueTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(waiter.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<InferenceException>(() => waiter);
        Assert.Equal(InferenceErrorKind.QueueFull, error.Kind);
        Assert.Contains("queue timeout (2000 ms waited", error.Message, StringComparison.Ordinal);
        Assert.True(error.RetryAfterSeconds >= 1);
        Assert.Equal(0, gate.Waiting);
        holder.Dispose();
        Assert.Equal(0, gate.InService);
    }

    [Fact]
    public async Task Waiter_DeadlineBeforeQueueTimeout_GivesUpAtTheDeadline()
    {
        var gate = Gate(concurrency: 1, queue: 2);
        using var holder = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        var waiter = gate.EnterAsync(_time.GetUtcNow() + TimeSpan.FromMilliseconds(500), CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<InferenceException>(() => waiter);
        Assert.Equal(InferenceErrorKind.QueueFull, error.Kind);
        Assert.Contains("before the request's deadline", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task EnterAsync_DeadlineAlreadyPassed_RefusedInsteadOfQueued()
    {
        var gate = Gate(concurrency: 1, queue: 2);
        using var holder = await gate.EnterAsync(FarDeadline, CancellationToken.None);

        var error = Refused(gate, _time.GetUtcNow());

        Assert.Equal(InferenceErrorKind.QueueFull, error.Kind);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task Waiter_Cancelled_LeavesTheQueueAndTheNextWaiterGetsTheSlot()
    {
        var gate = Gate(concurrency: 1, queue: 2);
        var holder = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var cancelled = gate.EnterAsync(FarDeadline, cancellation.Token).AsTask();
        var next = gate.EnterAsync(FarDeadline, CancellationToken.None).AsTask();

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, gate.Waiting);
        holder.Dispose();

        using var ticket = await next;
        Assert.Equal(1, gate.InService);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task Ticket_DisposedTwice_ReleasesItsSlotOnce()
    {
        var gate = Gate(concurrency: 2, queue: 0);
        var first = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        using var second = await gate.EnterAsync(FarDeadline, CancellationToken.None);

        first.Dispose();
        first.Dispose();

        Assert.Equal(1, gate.InService);
    }

    [Fact]
    public async Task Resize_MoreConcurrency_AdmitsWaitersAtOnce()
    {
        var gate = Gate(concurrency: 1, queue: 3);
        using var holder = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        var waiters = Enumerable.Range(0, 3).Select(_ => gate.EnterAsync(FarDeadline, CancellationToken.None).AsTask()).ToList();

        gate.Resize(new AdmissionLimits(3, 3, QueueTimeout));

        Assert.True(waiters[0].IsCompletedSuccessfully);
        Assert.True(waiters[1].IsCompletedSuccessfully);
        Assert.False(waiters[2].IsCompleted);
        Assert.Equal(3, gate.InService);
        Assert.Equal(1, gate.Waiting);
    }

    [Fact]
    public async Task Resize_ShorterQueue_KeepsWaitersAndRefusesNewArrivals()
    {
        var gate = Gate(concurrency: 1, queue: 3);
        var holder = await gate.EnterAsync(FarDeadline, CancellationToken.None);
        var waiters = Enumerable.Range(0, 3).Select(_ => gate.EnterAsync(FarDeadline, CancellationToken.None).AsTask()).ToList();

        gate.Resize(new AdmissionLimits(1, 1, QueueTimeout));

        Assert.Equal(3, gate.Waiting);
        Refused(gate, FarDeadline);
        holder.Dispose();
        foreach (var waiter in waiters)
        {
            (await waiter).Dispose();
        }

        Assert.Equal(0, gate.InService);
    }

    [Fact]
    public void Resize_ZeroOrNegativeLimits_KeepOneSlotAndNoQueue()
    {
        var gate = Gate(concurrency: 4, queue: 4);

        gate.Resize(new AdmissionLimits(0, -3, TimeSpan.FromSeconds(-1)));

        Assert.Equal(new AdmissionLimits(1, 0, TimeSpan.Zero), gate.Limits);
    }

    [Fact]
    public async Task EnterAsync_ManyThreads_NeverMoreInServiceThanTheLimit()
    {
        const int Limit = 3;
        var gate = Gate(concurrency: Limit, queue: 1000);
        var inService = 0;
        var highest = 0;
        var admitted = 0;

        // The fake clock never advances, so no waiter times out: every request is admitted eventually.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                using var ticket = await gate.EnterAsync(FarDeadline, CancellationToken.None);
                var now = Interlocked.Increment(ref inService);
                InterlockedMax(ref highest, now);
                Interlocked.Increment(ref admitted);
                await Task.Yield();
                Interlocked.Decrement(ref inService);
            }
        })));

        Assert.Equal(8 * 250, admitted);
        Assert.InRange(highest, 1, Limit);
        Assert.Equal(0, gate.InService);
        Assert.Equal(0, gate.Waiting);
    }

    private AdmissionGate Gate(int concurrency, int queue) => new("m", "1", new AdmissionLimits(concurrency, queue, QueueTimeout), _time);

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    // The refusal is thrown synchronously, before any await: a full queue costs the caller no waiting at all.
    private static InferenceException Refused(AdmissionGate gate, DateTimeOffset deadline) =>
        Assert.Throws<InferenceException>(() => { _ = gate.EnterAsync(deadline, CancellationToken.None).AsTask(); });
}
