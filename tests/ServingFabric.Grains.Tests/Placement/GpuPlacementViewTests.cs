using Orleans.Runtime;
using ServingFabric.Grains.Placement;
using ServingFabric.Models;
using ServingFabric.Runtime.Gpu;
using ServingFabric.Runtime.Repository;
using ServingFabric.Tests.Shared;
using static ServingFabric.Grains.Tests.Placement.Silos;

namespace ServingFabric.Grains.Tests.Placement;

public sealed class GpuPlacementViewTests
{
    private const long Gib = 1L << 30;
    private static readonly ExecutionSpec ResNet = new(ExecutionProvider.Cuda, GpuMemoryLimitBytes: 6 * Gib);

    private readonly Repository _repository = new()
    {
        Configs =
        {
            ["resnet"] = new ModelConfig(Execution: ResNet),
            ["iris"] = new ModelConfig(),
        },
    };

    [Fact]
    public void GpuExecutionOf_CudaModel_ItsSettings_CpuOrUnknownModel_Null()
    {
        var view = new GpuPlacementView(_repository, null, null);

        Assert.Equal(ResNet, view.GpuExecutionOf("resnet"));
        Assert.Null(view.GpuExecutionOf("iris"));
        Assert.Null(view.GpuExecutionOf("missing"));
    }

    [Fact]
    public void CanHost_RemoteSilo_ByItsAdvertisedGpusAndTheSessionsBelievedThere()
    {
        var view = new GpuPlacementView(_repository, null, Address(9));
        var gpuSilo = Metadata(16 * Gib);

        Assert.True(view.CanHost(InferenceSilo(0, "a"), gpuSilo, "resnet", "3", ResNet, _ => [("resnet", "1"), ("iris", "1")]));
        Assert.False(view.CanHost(InferenceSilo(0, "a"), gpuSilo, "resnet", "3", ResNet, _ => [("resnet", "1"), ("resnet", "2")]));
        Assert.False(view.CanHost(InferenceSilo(1, "a"), new Dictionary<string, string>(), "resnet", "3", ResNet, _ => []));
    }

    [Fact]
    public void CanHost_SiloHoldingTheVersionsSessionAlready_SharesItEvenWhenFull()
    {
        var view = new GpuPlacementView(_repository, null, Address(9));

        Assert.True(view.CanHost(InferenceSilo(0, "a"), Metadata(8 * Gib), "resnet", "1", ResNet, _ => [("resnet", "1")]));
    }

    [Fact]
    public void CanHost_ThisSilo_AsksItsOwnDevicesWhichKnowAFailure()
    {
        var devices = new GpuDevices(new FakeGpuInventory(16 * Gib));
        var view = new GpuPlacementView(_repository, devices, Address(0));
        Assert.True(view.CanHost(InferenceSilo(0, "a"), Metadata(16 * Gib), "resnet", "1", ResNet, _ => []));

        using (var held = devices.Reserve("resnet", "1", ResNet))
        {
            Assert.True(view.CanHost(InferenceSilo(0, "a"), Metadata(16 * Gib), "resnet", "1", ResNet, _ => []));
            held.ReportDeviceFailed("CUDA failure 700: an illegal memory access was encountered");
        }

        // Its metadata still advertises a GPU with room; the silo knows better.
        Assert.False(view.CanHost(InferenceSilo(0, "a"), Metadata(16 * Gib), "resnet", "1", ResNet, _ => []));
    }

    private static Dictionary<string, string> Metadata(params long[] devices) =>
        new() { [SiloMetadataKeys.Gpus] = devices.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), [SiloMetadataKeys.GpuMemory] = GpuCapacity.Advertise(devices) };

    private sealed class Repository : IModelRepository
    {
        public Dictionary<string, ModelConfig> Configs { get; } = new(StringComparer.Ordinal);

        public string Location => "memory";

        public IReadOnlyList<string> ListModels() => [.. Configs.Keys];

        public RepositoryModel? Find(string modelName) =>
            Configs.TryGetValue(modelName, out var config) ? new RepositoryModel(modelName, config, ["1"]) : null;

        public string GetArtifactPath(string modelName, string version) => throw new NotSupportedException();
    }
}
