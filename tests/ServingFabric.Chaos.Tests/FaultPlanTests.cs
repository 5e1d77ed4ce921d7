using ServingFabric.Chaos.Faults;

namespace ServingFabric.Chaos.Tests;

public sealed class FaultPlanTests
{
    private static readonly FaultKind[] Kinds = [FaultKind.Kill, FaultKind.Terminate, FaultKind.Freeze, FaultKind.StorageOutage];

    [Fact]
    public void Random_SameSeed_SameSequence()
    {
        var first = FaultPlan.Random(5, TimeSpan.FromMinutes(10), Kinds, 3);
        var second = FaultPlan.Random(5, TimeSpan.FromMinutes(10), Kinds, 3);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Random_TenMinutes_GapsAndDurationsWithinTheirRanges()
    {
        var plan = FaultPlan.Random(9, TimeSpan.FromMinutes(10), Kinds, 3);

        Assert.NotEmpty(plan);
        Assert.All(plan, f => Assert.InRange(f.GapBefore.TotalSeconds, 20, 40));
        Assert.All(plan.Where(f => f.Kind == FaultKind.Freeze), f => Assert.InRange(f.Duration.TotalSeconds, 5, 15));
        Assert.All(plan.Where(f => f.Kind == FaultKind.StorageOutage), f => Assert.InRange(f.Duration.TotalSeconds, 15, 40));
        Assert.All(plan, f => Assert.InRange(f.Silo, 0, 2));
        Assert.True(plan.Sum(f => f.GapBefore.TotalSeconds + f.Duration.TotalSeconds + 15) <= 600);
    }
}
