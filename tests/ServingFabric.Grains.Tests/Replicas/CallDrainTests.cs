using ServingFabric.Grains.Replicas;

namespace ServingFabric.Grains.Tests.Replicas;

public sealed class CallDrainTests
{
    [Fact]
    public void TryEnter_Open_EntersAndCounts()
    {
        var drain = new CallDrain();

        Assert.True(drain.TryEnter());
        Assert.True(drain.TryEnter());
        drain.Exit();

        Assert.Equal(1, drain.Inside);
    }

    [Fact]
    public void CloseAsync_NothingInside_CompletesAtOnce()
    {
        var drain = new CallDrain();

        Assert.True(drain.CloseAsync().IsCompletedSuccessfully);
        Assert.True(drain.IsClosed);
    }

    [Fact]
    public void CloseAsync_CallsInside_CompletesWhenTheLastExits()
    {
        var drain = new CallDrain();
        drain.TryEnter();
        drain.TryEnter();

        var closed = drain.CloseAsync();
        drain.Exit();
        Assert.False(closed.IsCompleted);
        drain.Exit();

        Assert.True(closed.IsCompletedSuccessfully);
        Assert.Same(closed, drain.CloseAsync());
    }

    [Fact]
    public void TryEnter_AfterClose_RefusedAndNotCounted()
    {
        var drain = new CallDrain();
        var closed = drain.CloseAsync();

        Assert.False(drain.TryEnter());
        Assert.Equal(0, drain.Inside);
        Assert.True(closed.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task CloseAsync_WhileThreadsEnterAndExit_NoCallIsInsideOnceDrained()
    {
        var drain = new CallDrain();
        var inside = 0;
        var enteredAfterDrain = 0;
        // Not completed until the drain is: a worker that entered before the close must not read an earlier "done".
        var closed = new TaskCompletionSource().Task;
        using var start = new Barrier(5);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 20_000; i++)
            {
                if (!drain.TryEnter())
                {
                    continue;
                }

                if (Volatile.Read(ref closed).IsCompleted && drain.IsClosed)
                {
                    Interlocked.Increment(ref enteredAfterDrain);
                }

                Interlocked.Increment(ref inside);
                Interlocked.Decrement(ref inside);
                drain.Exit();
            }
        })).ToArray();

        start.SignalAndWait();
        Thread.SpinWait(10_000);
        var closing = drain.CloseAsync();
        Volatile.Write(ref closed, closing);
        await closing.WaitAsync(TimeSpan.FromSeconds(30));
        var insideWhenDrained = Volatile.Read(ref inside);
        await Task.WhenAll(workers);

        Assert.Equal(0, insideWhenDrained);
        Assert.Equal(0, enteredAfterDrain);
        Assert.Equal(0, drain.Inside);
    }
}
