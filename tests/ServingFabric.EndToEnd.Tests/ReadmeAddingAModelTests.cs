using System.Net;
using System.Text;
using System.Text.Json;
using ServingFabric.Samples;
using ServingFabric.Tensors;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// The README's quickstart and "Adding a model", followed as written by a new user: the first command, then a model
/// copied into <c>models/&lt;name&gt;/&lt;version&gt;/</c> relative to where that command ran, then the load call.
/// </summary>
public sealed class ReadmeAddingAModelTests(ITestOutputHelper output)
{
    private const string ModelName = "plus-one-ten";

    [Fact]
    public async Task AddingAModel_CopiedIntoModelsWhereTheCommandRuns_LoadsAndInfers()
    {
        await using var silo = SiloProcess.StartWithDotnetRun();
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await silo.WaitUntilReadyAsync(http, TimeSpan.FromSeconds(120));
        output.WriteLine(silo.Output);

        // "writes the sample model iris ... into ./models", and the log names that folder in full.
        var models = Path.Combine(silo.WorkingDirectory, "models");
        Assert.True(File.Exists(Path.Combine(models, "iris", "1", "model.onnx")), $"no iris sample under {models}");
        Assert.Contains($"Model repository: {models}.", silo.Output, StringComparison.Ordinal);

        // "copy it to models/<name>/1/model.onnx, write models/<name>/config.json with {...}, then POST .../load".
        Directory.CreateDirectory(Path.Combine(models, ModelName, "1"));
        await File.WriteAllBytesAsync(Path.Combine(models, ModelName, "1", "model.onnx"), PlusOneTen());
        await File.WriteAllTextAsync(Path.Combine(models, ModelName, "config.json"), """{"max_batch_size": 32, "dynamic_batching": {}}""");
        using (var load = await http.PostAsync($"/v2/repository/models/{ModelName}/load", content: null))
        {
            Assert.True(load.StatusCode == HttpStatusCode.OK, $"load answered {(int)load.StatusCode}: {await load.Content.ReadAsStringAsync()}");
        }

        const string body = """{"id":"added-1","inputs":[{"name":"x","shape":[2,2],"datatype":"FP32","data":[3,4,-1,0.5]}]}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"/v2/models/{ModelName}/infer", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("added-1", json.RootElement.GetProperty("id").GetString());
        var y = json.RootElement.GetProperty("outputs")[0];
        Assert.Equal("y", y.GetProperty("name").GetString());
        Assert.Equal([4f, 14f, 0f, 10.5f], y.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray());
    }

    /// <summary>y = x + [1, 10] per row: outputs a reader checks by eye.</summary>
    private static byte[] PlusOneTen() => new OnnxModelBuilder("plus_one_ten")
        .AddInput("x", TensorDataType.Fp32, -1, 2)
        .AddOutput("y", TensorDataType.Fp32, -1, 2)
        .AddInitializer("offset", [2], [1f, 10f])
        .Add("x", "offset", "y")
        .ToBytes();
}
