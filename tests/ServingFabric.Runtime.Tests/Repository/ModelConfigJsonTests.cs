using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Runtime.Tests.TestModels;

namespace ServingFabric.Runtime.Tests.Repository;

public sealed class ModelConfigJsonTests
{
    private const string Source = "/models/iris/config.json";
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public void Parse_FullConfig_ReadsEveryField()
    {
        const string json = $$"""
            {
              "platform": "onnxruntime_onnx",
              "max_batch_size": 64,
              "dynamic_batching": { "max_queue_delay_microseconds": 500, "preferred_batch_size": [8, 16], "max_queue_size": 256 },
              "engine_threads": 2,
              "default_version": "1",
              "versions": { "1": { "sha256": "{{Sha}}" }, "2": {} }
            }
            """;

        var config = ModelConfigJson.Parse(json, Source);

        Assert.Equal("onnxruntime_onnx", config.Platform);
        Assert.Equal(64, config.MaxBatchSize);
        Assert.Equal(500, config.DynamicBatching!.MaxQueueDelayMicroseconds);
        Assert.Equal([8, 16], config.DynamicBatching.PreferredBatchSizes!);
        Assert.Equal(256, config.DynamicBatching.MaxQueueSize);
        Assert.Equal(2, config.EngineThreads);
        Assert.Equal("1", config.DefaultVersion);
        Assert.Equal(Sha, config.Versions!["1"].Sha256);
        Assert.Null(config.Versions["2"].Sha256);
    }

    [Fact]
    public void Parse_EmptyObject_GivesDefaults()
    {
        var config = ModelConfigJson.Parse("{}", Source);

        Assert.Equal(new ModelConfig(), config);
    }

    [Fact]
    public void Parse_BatchingWithoutFields_UsesBatchingDefaults()
    {
        var config = ModelConfigJson.Parse("""{"max_batch_size": 4, "dynamic_batching": {}}""", Source);

        Assert.Equal(1000, config.DynamicBatching!.MaxQueueDelayMicroseconds);
        Assert.Equal(1024, config.DynamicBatching.MaxQueueSize);
        Assert.Empty(config.DynamicBatching.PreferredBatchSizes!);
    }

    [Fact]
    public void Parse_UppercaseSha_StoresLowercase()
    {
        var config = ModelConfigJson.Parse("{\"versions\": {\"1\": {\"sha256\": \"" + Sha.ToUpperInvariant() + "\"}}}", Source);

        Assert.Equal(Sha, config.Versions!["1"].Sha256);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAccepted()
    {
        var config = ModelConfigJson.Parse("{ // hand edited\n \"max_batch_size\": 8, }", Source);

        Assert.Equal(8, config.MaxBatchSize);
    }

    [Theory]
    [InlineData("""{"max_batch_size": -1}""", "max_batch_size is -1; expected an integer of 0 or more")]
    [InlineData("""{"max_batch_size": "64"}""", "max_batch_size is the string \"64\"; expected an integer")]
    [InlineData("""{"max_batch_size": 1.5}""", "max_batch_size is 1.5; expected an integer")]
    [InlineData("""{"engine_threads": 0}""", "engine_threads is 0; expected an integer of 1 or more")]
    [InlineData("""{"platform": "tensorflow_savedmodel"}""", "platform is 'tensorflow_savedmodel'; expected one of: onnxruntime_onnx")]
    [InlineData("""{"platform": 3}""", "platform is 3; expected a string")]
    [InlineData("""{"max_batch_size": 8, "dynamic_batching": {"preferred_batch_size": [4, 16]}}""", "dynamic_batching.preferred_batch_size[1] is 16; expected at most max_batch_size (8)")]
    [InlineData("""{"max_batch_size": 8, "dynamic_batching": {"preferred_batch_size": [0]}}""", "dynamic_batching.preferred_batch_size[0] is 0; expected an integer from 1 to max_batch_size (8)")]
    [InlineData("""{"max_batch_size": 8, "dynamic_batching": {"preferred_batch_size": 4}}""", "dynamic_batching.preferred_batch_size is 4; expected an array")]
    [InlineData("""{"max_batch_size": 8, "dynamic_batching": {"max_queue_delay_microseconds": -5}}""", "dynamic_batching.max_queue_delay_microseconds is -5; expected an integer of 0 or more")]
    [InlineData("""{"max_batch_size": 8, "dynamic_batching": {"max_queue_size": 0}}""", "dynamic_batching.max_queue_size is 0; expected an integer of 1 or more")]
    [InlineData("""{"max_batch_size": 8, "dynamic_batching": {"max_delay": 5}}""", "dynamic_batching.max_delay is not a known field; expected only max_queue_delay_microseconds, preferred_batch_size, max_queue_size")]
    [InlineData("""{"dynamic_batching": {}}""", "dynamic_batching is set while max_batch_size is 0")]
    [InlineData("""{"versions": {"1": {"sha256": "abc"}}}""", "versions.1.sha256 is 'abc' (3 characters); expected 64 hexadecimal digits")]
    [InlineData("""{"versions": {"1": {"sha256": "zz86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}}""", "versions.1.sha256 is 'zz86")]
    [InlineData("""{"versions": {"../1": {}}}""", "versions.../1 names version '../1'; expected a version name")]
    [InlineData("""{"versions": []}""", "versions is an array; expected an object keyed by version")]
    [InlineData("""{"default_version": "a/b"}""", "default_version names version 'a/b'")]
    [InlineData("""{"max_batch_sise": 8}""", "max_batch_sise is not a known field; expected only platform, max_batch_size")]
    [InlineData("""{"max_batch_size": 8, "max_batch_size": 9}""", "max_batch_size appears twice")]
    [InlineData("""[]""", "the document is an array; expected a JSON object")]
    public void Parse_InvalidField_ThrowsInvalidInputNamingFileAndField(string json, string expectedMessage)
    {
        var ex = Assert.Throws<InferenceException>(() => ModelConfigJson.Parse(json, Source));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.StartsWith($"{Source}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expectedMessage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedJson_ThrowsInvalidInputWithPosition()
    {
        var ex = Assert.Throws<InferenceException>(() => ModelConfigJson.Parse("{\n  \"max_batch_size\": 8\n  \"platform\": \"x\"\n}", Source));

        Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
        Assert.StartsWith($"{Source}: not valid JSON at line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_GivesDefaults()
    {
        using var temp = new TempDirectory();

        var config = ModelConfigJson.Read(temp.Combine("nothing", "config.json"));

        Assert.Equal(0, config.MaxBatchSize);
        Assert.Null(config.DynamicBatching);
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("config.json");
        var config = new ModelConfig(
            MaxBatchSize: 32,
            DynamicBatching: new DynamicBatchingSpec(250, [4, 8], 100),
            EngineThreads: 3,
            Versions: new Dictionary<string, ModelVersionConfig> { ["10"] = new(Sha), ["2"] = new() },
            DefaultVersion: "2");

        ModelConfigJson.Write(path, config);
        var read = ModelConfigJson.Read(path);

        Assert.Equal(config.Platform, read.Platform);
        Assert.Equal(config.MaxBatchSize, read.MaxBatchSize);
        Assert.Equal(250, read.DynamicBatching!.MaxQueueDelayMicroseconds);
        Assert.Equal([4, 8], read.DynamicBatching.PreferredBatchSizes!);
        Assert.Equal(100, read.DynamicBatching.MaxQueueSize);
        Assert.Equal(3, read.EngineThreads);
        Assert.Equal("2", read.DefaultVersion);
        Assert.Equal(Sha, read.Versions!["10"].Sha256);
        Assert.Null(read.Versions["2"].Sha256);
    }

    [Fact]
    public void ToJson_Config_UsesSnakeCaseAndVersionOrder()
    {
        var config = new ModelConfig(MaxBatchSize: 4, Versions: new Dictionary<string, ModelVersionConfig> { ["10"] = new(), ["9"] = new() });

        var json = ModelConfigJson.ToJson(config);

        Assert.Contains("\"max_batch_size\": 4", json, StringComparison.Ordinal);
        Assert.Contains("\"engine_threads\": 1", json, StringComparison.Ordinal);
        Assert.DoesNotContain("dynamic_batching", json, StringComparison.Ordinal);
        Assert.True(json.IndexOf("\"9\"", StringComparison.Ordinal) < json.IndexOf("\"10\"", StringComparison.Ordinal));
    }
}
