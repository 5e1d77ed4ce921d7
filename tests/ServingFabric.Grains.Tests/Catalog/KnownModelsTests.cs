using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Catalog;
using ServingFabric.Grains.Fronts;
using ServingFabric.Inference;

namespace ServingFabric.Grains.Tests.Catalog;

public sealed class KnownModelsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CountingCatalog _catalog = new();

    [Fact]
    public async Task IsKnownAsync_ThousandUnknownNamesWithinInterval_OneCatalogRead()
    {
        var known = Create();

        for (var i = 0; i < 1_000; i++)
        {
            Assert.False(await known.IsKnownAsync($"made-up-{i}"));
        }

        Assert.Equal(1, _catalog.Reads);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await known.IsKnownAsync("made-up-after"));
        Assert.Equal(2, _catalog.Reads);
    }

    [Fact]
    public async Task IsKnownAsync_ModelRegisteredElsewhere_FoundOnMissOnceIntervalPassed()
    {
        var known = Create();
        Assert.False(await known.IsKnownAsync("late"));
        _catalog.Models.Add("late");

        Assert.False(await known.IsKnownAsync("late"));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await known.IsKnownAsync("late"));
        Assert.True(known.IsKnown("late"));
        Assert.Equal(2, _catalog.Reads);
    }

    [Fact]
    public async Task Add_ModelDeployedHere_KnownWithoutCatalogRead()
    {
        var known = Create();

        known.Add("deployed");

        Assert.True(known.IsKnown("deployed"));
        Assert.True(await known.IsKnownAsync("deployed"));
        Assert.Equal(0, _catalog.Reads);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc")]
    [InlineData(".hidden")]
    public async Task IsKnownAsync_NameNoModelCouldHave_FalseWithoutCatalogRead(string name)
    {
        Assert.False(await Create().IsKnownAsync(name));
        Assert.Equal(0, _catalog.Reads);
    }

    [Fact]
    public async Task IsKnownAsync_CatalogNeverRead_UnavailableAndAtMostOneReadPerInterval()
    {
        var known = Create();
        _catalog.Failure = new TimeoutException("catalog silo down");

        var first = await Assert.ThrowsAsync<InferenceException>(() => known.IsKnownAsync("iris").AsTask());
        var second = await Assert.ThrowsAsync<InferenceException>(() => known.IsKnownAsync("iris").AsTask());

        Assert.Equal((InferenceErrorKind.Unavailable, InferenceErrorKind.Unavailable), (first.Kind, second.Kind));
        Assert.Contains("retry shortly", first.Message, StringComparison.Ordinal);
        Assert.Equal(1, _catalog.Reads);
        _catalog.Failure = null;
        _catalog.Models.Add("iris");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await known.IsKnownAsync("iris"));
    }

    private KnownModels Create()
    {
        var grains = DispatchProxy.Create<IGrainFactory, CatalogGrainFactory>();
        ((CatalogGrainFactory)(object)grains).Catalog = _catalog;
        return new KnownModels(grains, Options.Create(new InferenceFrontOptions()), _time, NullLogger<KnownModels>.Instance);
    }

    /// <summary>A grain factory whose only grain is the catalog.</summary>
    public class CatalogGrainFactory : DispatchProxy
    {
        public IModelCatalogGrain Catalog { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod is { Name: "GetGrain", IsGenericMethod: true } && targetMethod.GetGenericArguments()[0] == typeof(IModelCatalogGrain)
                ? Catalog
                : throw new NotSupportedException(targetMethod?.Name);
    }

    private sealed class CountingCatalog : IModelCatalogGrain
    {
        private int _reads;

        public List<string> Models { get; } = [];

        public Exception? Failure { get; set; }

        public int Reads => Volatile.Read(ref _reads);

        public Task Register(string modelName) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ListModels()
        {
            Interlocked.Increment(ref _reads);
            return Failure is { } failure ? Task.FromException<IReadOnlyList<string>>(failure) : Task.FromResult<IReadOnlyList<string>>([.. Models]);
        }
    }
}
