using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Gateway.Memory;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Tests.Memory;

/// <summary>The silo's budget for request bytes in flight, driven by fake time.</summary>
public sealed class RequestMemoryBudgetTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task AddAsync_WithinBudget_Reserved()
    {
        var budget = Budget(1000);
        using var reservation = budget.Open();

        await reservation.AddAsync(600, CancellationToken.None);

        Assert.Equal(600, budget.InFlight);
    }

    [Fact]
    public async Task AddAsync_OverBudgetPastTheWait_503WithRetryAfter()
    {
        var budget = Budget(1000);
        using var holder = budget.Open();
        await holder.AddAsync(800, CancellationToken.None);
        using var second = budget.Open();

        var waiting = second.AddAsync(300, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var ex = await Assert.ThrowsAsync<InferenceException>(() => waiting);

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(1, ex.RetryAfterSeconds);
        Assert.Equal(800, budget.InFlight);
    }

    [Fact]
    public async Task AddAsync_RoomFreedWhileWaiting_Reserved()
    {
        var budget = Budget(1000);
        var holder = budget.Open();
        await holder.AddAsync(800, CancellationToken.None);
        using var second = budget.Open();

        var waiting = second.AddAsync(300, CancellationToken.None).AsTask();
        holder.Dispose();
        await waiting;

        Assert.Equal(300, budget.InFlight);
    }

    [Fact]
    public async Task AddAsync_LargerThanTheBudgetWithNothingElseInFlight_Reserved()
    {
        var budget = Budget(1000);
        using var reservation = budget.Open();

        await reservation.AddAsync(5000, CancellationToken.None);
        reservation.Add(100);

        Assert.Equal(5100, budget.InFlight);
    }

    [Fact]
    public async Task Add_NoRoom_503AtOnce()
    {
        var budget = Budget(1000);
        using var holder = budget.Open();
        await holder.AddAsync(1000, CancellationToken.None);
        using var second = budget.Open();

        var ex = Assert.Throws<InferenceException>(() => second.Add(1));

        Assert.Equal(503, ex.StatusCode);
    }

    [Fact]
    public async Task Dispose_AfterAddAndRemove_GivesBackEverything()
    {
        var budget = Budget(1000);
        var reservation = budget.Open();
        await reservation.AddAsync(700, CancellationToken.None);
        reservation.Remove(200);

        reservation.Dispose();

        Assert.Equal(0, budget.InFlight);
    }

    [Fact]
    public void PostConfigure_BudgetNotSet_QuarterOfTheDetectedLimit()
    {
        var options = new GatewayOptions();

        new ConfigureRequestMemoryBudget().PostConfigure(null, options);

        Assert.Equal((long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.25), options.RequestMemoryBudget);
    }

    private RequestMemoryBudget Budget(long capacity) =>
        new(Options.Create(new GatewayOptions { RequestMemoryBudget = capacity, RequestMemoryWait = TimeSpan.FromSeconds(1) }), _time);
}
