using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Runtime.Tests.Repository;

public sealed class ModelConfigResourcesTests
{
    private const string Source = "/models/iris/config.json";

    [Fact]
    public void Parse_NoResourceSettings_DefaultsToOneInstanceAndRuntimeMemoryDefaults()
    {
        var config = ModelConfigJson.Parse("{}", Source);

        Assert.Equal(1, config.EngineThreads);
        Assert.Equal(1, config.InstanceCount);
        Assert.Null(config.Memory);
    }

    [Fact]
    public void Parse_Memory_ReadsArenaAndMemoryPattern() =>
        Assert.Equal(
            new EngineMemorySpec(Arena: false, MemoryPattern: false),
            ModelConfigJson.Parse("""{"memory": {"arena": false, "memory_pattern": false}}""", Source).Memory);

    [Fact]
    public void Parse_MemoryWithOneField_KeepsTheOtherDefault() =>
        Assert.Equal(new EngineMemorySpec(Arena: false, MemoryPattern: true), ModelConfigJson.Parse("""{"memory": {"arena": false}}""", Source).Memory);

    [Fact]
    public void Parse_InstanceCount_ReadsIt() =>
        Assert.Equal(3, ModelConfigJson.Parse("""{"instance_count": 3}""", Source).InstanceCount);

    [Theory]
    [InlineData("""{"memory": true}""", "memory is true; expected a JSON object")]
    [InlineData("""{"memory": {"arena": "off"}}""", "memory.arena is the string \"off\"; expected true or false")]
    [InlineData("""{"memory": {"arena": 1}}""", "memory.arena is 1; expected true or false")]
    [InlineData("""{"memory": {"memory_pattern": null}}""", "memory.memory_pattern is null; expected true or false")]
    [InlineData("""{"memory": {"arena_max_bytes": 1048576}}""", "memory.arena_max_bytes is not a known field; expected only arena, memory_pattern")]
    [InlineData("""{"instance_count": 0}""", "instance_count is 0; expected an integer of 1 or more")]
    [InlineData("""{"instance_count": 1.5}""", "instance_count is 1.5; expected an integer of 1 or more")]
    [InlineData("""{"engine_threads": 0}""", "engine_threads is 0; expected an integer of 1 or more")]
    public void Parse_BadResourceSettings_NamesFileFieldAndExpectation(string json, string expected)
    {
        var error = Assert.Throws<InferenceException>(() => ModelConfigJson.Parse(json, Source));

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.StartsWith($"{Source}: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_ResourceSettings_RoundTrip()
    {
        var config = new ModelConfig(MaxBatchSize: 8, EngineThreads: 2, InstanceCount: 2, Memory: new EngineMemorySpec(Arena: false));

        var json = ModelConfigJson.ToJson(config);
        var parsed = ModelConfigJson.Parse(json, Source);

        Assert.Contains("\"memory\": {", json, StringComparison.Ordinal);
        Assert.Equal((2, 2, new EngineMemorySpec(Arena: false)), (parsed.EngineThreads, parsed.InstanceCount, parsed.Memory));
    }

    [Fact]
    public void ToJson_Defaults_WriteNoResourceSectionsBeyondEngineThreads()
    {
        var json = ModelConfigJson.ToJson(new ModelConfig());

        Assert.DoesNotContain("memory", json, StringComparison.Ordinal);
        Assert.DoesNotContain("instance_count", json, StringComparison.Ordinal);
    }
}
