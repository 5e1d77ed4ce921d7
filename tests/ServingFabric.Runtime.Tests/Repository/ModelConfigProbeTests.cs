using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Runtime.Tests.Repository;

public sealed class ModelConfigProbeTests
{
    private const string Source = "/models/iris/config.json";

    [Fact]
    public void Parse_Probe_KeepsTheRequestAsCompactJson()
    {
        const string json = """
            {"probe": {
                "inputs": [ { "name": "input", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2] } ]
            }}
            """;

        Assert.Equal("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""", ModelConfigJson.Parse(json, Source).Probe);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"probe": null}""")]
    public void Parse_NoProbe_LeavesItUnset(string json) =>
        Assert.Null(ModelConfigJson.Parse(json, Source).Probe);

    [Theory]
    [InlineData("""{"probe": 5}""")]
    [InlineData("""{"probe": "inputs"}""")]
    [InlineData("""{"probe": {}}""")]
    [InlineData("""{"probe": {"inputs": {"name": "input"}}}""")]
    public void Parse_ProbeNotARequest_NamesFileFieldAndExpectation(string json)
    {
        var error = Assert.Throws<InferenceException>(() => ModelConfigJson.Parse(json, Source));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.StartsWith($"{Source}: probe is ", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected an inference request body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ProbeLongerThanTheLimit_Refused()
    {
        var data = string.Join(',', Enumerable.Repeat("0.125", ModelConfigReader.MaxProbeLength / 5));
        var json = $$$"""{"probe": {"inputs": [{"name": "input", "shape": [1], "datatype": "FP32", "data": [{{{data}}}]}]}}""";

        var error = Assert.Throws<InferenceException>(() => ModelConfigJson.Parse(json, Source));

        Assert.Contains($"at most {ModelConfigReader.MaxProbeLength}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_Probe_RoundTrips()
    {
        var config = new ModelConfig(Probe: """{"inputs":[{"name":"x","shape":[1,1],"datatype":"INT64","data":[7]}]}""");

        Assert.Equal(config.Probe, ModelConfigJson.Parse(ModelConfigJson.ToJson(config), Source).Probe);
    }
}
