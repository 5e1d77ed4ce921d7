using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Runtime.Tests.Repository;

public sealed class ModelConfigReplicasTests
{
    private const string Source = "/models/iris/config.json";

    [Fact]
    public void Parse_Replicas_ReadsMinAndMax()
    {
        var config = ModelConfigJson.Parse("""{"replicas": {"min": 3, "max": 5}}""", Source);

        Assert.Equal(new ReplicaBounds(3, 5), config.Replicas);
    }

    [Fact]
    public void Parse_ReplicasWithoutMax_MaxIsMin() =>
        Assert.Equal(new ReplicaBounds(2, 2), ModelConfigJson.Parse("""{"replicas": {"min": 2}}""", Source).Replicas);

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"replicas": null}""")]
    public void Parse_NoReplicas_LeavesTheSiloDefault(string json) =>
        Assert.Null(ModelConfigJson.Parse(json, Source).Replicas);

    [Theory]
    [InlineData("""{"replicas": 3}""", "replicas is 3; expected a JSON object")]
    [InlineData("""{"replicas": {"max": 3}}""", "replicas.min is missing; expected an integer of 1 or more")]
    [InlineData("""{"replicas": {"min": 0, "max": 3}}""", "replicas.min is 0; expected an integer of 1 or more")]
    [InlineData("""{"replicas": {"min": "3"}}""", "replicas.min is the string \"3\"; expected an integer of 1 or more")]
    [InlineData("""{"replicas": {"min": 3, "max": 2}}""", "replicas.max is 2; expected at least min (3)")]
    [InlineData("""{"replicas": {"min": 3, "max": 2.5}}""", "replicas.max is 2.5; expected an integer of at least min (3)")]
    [InlineData("""{"replicas": {"min": 1, "zones": 3}}""", "replicas.zones is not a known field; expected only min, max")]
    public void Parse_BadReplicas_NamesFileFieldAndExpectation(string json, string expected)
    {
        var error = Assert.Throws<InferenceException>(() => ModelConfigJson.Parse(json, Source));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.StartsWith($"{Source}: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_Replicas_RoundTrips()
    {
        var config = new ModelConfig(MaxBatchSize: 8, Replicas: new ReplicaBounds(3, 4));

        var json = ModelConfigJson.ToJson(config);

        Assert.Contains("\"replicas\": {", json, StringComparison.Ordinal);
        Assert.Equal(new ReplicaBounds(3, 4), ModelConfigJson.Parse(json, Source).Replicas);
    }
}
