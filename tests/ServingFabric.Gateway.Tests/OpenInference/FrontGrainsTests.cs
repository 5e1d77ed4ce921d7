using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Gateway.OpenInference;

namespace ServingFabric.Gateway.Tests.OpenInference;

[Collection(GatewayCollection.Name)]
public sealed class FrontGrainsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task For_SameModelTwice_ReturnsOneWorkingReference()
    {
        var fronts = fixture.Services.GetRequiredService<FrontGrains>();

        var first = fronts.For("iris");

        Assert.Same(first, fronts.For("iris"));
        Assert.Equal("iris", first.GetPrimaryKeyString());
        Assert.Equal("iris", (await first.GetMetadata(null)).Name);
    }

    [Fact]
    public void For_PastCapacity_AnswersEveryModelButKeepsNoMoreReferences()
    {
        var fronts = new FrontGrains(fixture.Services.GetRequiredService<IGrainFactory>(), fixture.Services.GetRequiredService<ServingFabric.Models.IKnownModels>(), capacity: 2);

        var names = new[] { "a", "b", "c", "d" };
        var references = names.Select(fronts.For).ToList();

        Assert.Equal(2, fronts.Count);
        Assert.Equal(names, references.Select(r => r.GetPrimaryKeyString()));
        Assert.Same(references[0], fronts.For("a"));
    }
}
