using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Runtime.Tests.Repository;

public sealed class ModelConfigSloTests
{
    private const string Source = "/models/iris/config.json";

    [Fact]
    public void Parse_Slo_ReadsAvailabilityAndLatency() =>
        Assert.Equal(new ServiceLevelObjective(0.995, 250), ModelConfigJson.Parse("""{"slo": {"availability": 0.995, "latency_ms": 250}}""", Source).Slo);

    [Fact]
    public void Parse_SloWithAvailabilityOnly_KeepsTheDefaultLatency() =>
        Assert.Equal(new ServiceLevelObjective(0.99, ServiceLevelObjective.DefaultLatencyMs), ModelConfigJson.Parse("""{"slo": {"availability": 0.99}}""", Source).Slo);

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"slo": null}""")]
    public void Parse_NoSlo_LeavesTheDefault(string json) =>
        Assert.Null(ModelConfigJson.Parse(json, Source).Slo);

    [Theory]
    [InlineData("""{"slo": 0.999}""", "slo is 0.999; expected a JSON object")]
    [InlineData("""{"slo": {"availability": 1}}""", "slo.availability is 1; expected a share above 0 and below 1")]
    [InlineData("""{"slo": {"availability": 0}}""", "slo.availability is 0; expected a share above 0 and below 1")]
    [InlineData("""{"slo": {"availability": 99.9}}""", "slo.availability is 99.9; expected a share above 0 and below 1")]
    [InlineData("""{"slo": {"availability": "0.999"}}""", "slo.availability is the string \"0.999\"; expected a share")]
    [InlineData("""{"slo": {"latency_ms": 0}}""", "slo.latency_ms is 0; expected milliseconds above 0 and at most 3600000")]
    [InlineData("""{"slo": {"latency_ms": 3600000.5}}""", "slo.latency_ms is 3600000.5; expected milliseconds above 0")]
    [InlineData("""{"slo": {"latency_ms": 1e400}}""", "slo.latency_ms is 1e400; expected milliseconds")]
    [InlineData("""{"slo": {"target": 0.9}}""", "slo.target is not a known field; expected only availability, latency_ms")]
    public void Parse_BadSlo_NamesFileFieldAndExpectation(string json, string expected)
    {
        var error = Assert.Throws<InferenceException>(() => ModelConfigJson.Parse(json, Source));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.StartsWith($"{Source}: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LatencyAtTheMaximum_Accepted() =>
        Assert.Equal(ServiceLevelObjective.MaxLatencyMs, ModelConfigJson.Parse("""{"slo": {"latency_ms": 3600000}}""", Source).Slo!.LatencyMs);

    [Fact]
    public void ToJson_Slo_RoundTrips()
    {
        var config = new ModelConfig(Slo: new ServiceLevelObjective(0.9995, 150));

        Assert.Equal(config.Slo, ModelConfigJson.Parse(ModelConfigJson.ToJson(config), Source).Slo);
    }
}
