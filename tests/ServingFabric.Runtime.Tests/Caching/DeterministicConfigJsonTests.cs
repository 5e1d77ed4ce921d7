using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Runtime.Tests.TestModels;

namespace ServingFabric.Runtime.Tests.Caching;

/// <summary>The config.json switch that lets fronts cache a model's answers.</summary>
public sealed class DeterministicConfigJsonTests
{
    private const string Source = "/models/iris/config.json";

    [Theory]
    [InlineData("""{"deterministic": true}""", true)]
    [InlineData("""{"deterministic": false}""", false)]
    [InlineData("""{}""", false)]
    public void Parse_DeterministicField_ReadsIt(string json, bool expected)
    {
        Assert.Equal(expected, ModelConfigJson.Parse(json, Source).Deterministic);
    }

    [Theory]
    [InlineData("""{"deterministic": "true"}""", "deterministic is the string \"true\"; expected true or false")]
    [InlineData("""{"deterministic": 1}""", "deterministic is 1; expected true or false")]
    [InlineData("""{"deterministic": null}""", "deterministic is null; expected true or false")]
    public void Parse_DeterministicNotBoolean_ThrowsInvalidInputNamingFileAndField(string json, string expectedMessage)
    {
        var error = Assert.Throws<InferenceException>(() => ModelConfigJson.Parse(json, Source));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.StartsWith($"{Source}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ThenRead_KeepsDeterministic()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("config.json");

        ModelConfigJson.Write(path, new ModelConfig(MaxBatchSize: 8, Deterministic: true));

        Assert.Contains("\"deterministic\": true", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.True(ModelConfigJson.Read(path).Deterministic);
    }
}
