using ServingFabric.Models;
using ServingFabric.Runtime.Batching;

namespace ServingFabric.Runtime.Tests.Batching;

public sealed class DynamicBatcherOptionsTests
{
    [Fact]
    public void FromConfig_DynamicBatchingSet_CopiesItsSettings()
    {
        var config = new ModelConfig(MaxBatchSize: 16, DynamicBatching: new DynamicBatchingSpec(2500, [8, 4, 32], 64));

        var options = DynamicBatcherOptions.FromConfig(config);

        Assert.Equal(16, options.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMicroseconds(2500), options.MaxQueueDelay);
        Assert.Equal([4, 8], options.PreferredBatchSizes);
        Assert.Equal(64, options.MaxQueueSize);
    }

    [Fact]
    public void FromConfig_NoDynamicBatching_RunsRequestsAloneBehindDefaultQueue()
    {
        var options = DynamicBatcherOptions.FromConfig(new ModelConfig(MaxBatchSize: 16));

        Assert.Equal(0, options.MaxBatchSize);
        Assert.Equal(DynamicBatcherOptions.DefaultMaxQueueSize, options.MaxQueueSize);
    }
}
