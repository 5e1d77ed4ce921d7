using ServingFabric.Runtime.Batching;

namespace ServingFabric.Runtime.Tests.Batching;

public sealed class BatchPlannerTests
{
    [Theory]
    [InlineData(new[] { 1, 1 }, 8, new int[0], false, 0)]
    [InlineData(new[] { 1, 1 }, 8, new int[0], true, 2)]
    [InlineData(new[] { 1, 1, 1 }, 8, new[] { 2 }, false, 2)]
    [InlineData(new[] { 1, 1, 1, 1 }, 8, new[] { 2, 4 }, false, 4)]
    [InlineData(new[] { 2, 2, 1 }, 4, new int[0], false, 2)]
    [InlineData(new[] { 3, 2 }, 4, new int[0], false, 1)]
    [InlineData(new[] { 1, 3 }, 8, new[] { 3 }, false, 0)]
    [InlineData(new[] { 5 }, 0, new int[0], false, 1)]
    [InlineData(new int[0], 8, new int[0], true, 0)]
    public void Plan_QueuedRows_TakesExpectedRequests(int[] rows, int maxBatchSize, int[] preferred, bool timeUp, int expected)
    {
        Assert.Equal(expected, BatchPlanner.Plan(rows, maxBatchSize, preferred, timeUp));
    }
}
