using System.Globalization;
using System.Net;
using System.Text.Json;
using ServingFabric.Samples;
using static ServingFabric.Gateway.Tests.Management.ManagementScenario;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>
/// <c>POST /v1/models/{name}/versions/{v}/optimize</c> on a real silo: the sample classifier quantized to int8 and gated
/// on Fisher's labelled iris data, registered with the gate's figures on its record, served, and canaried; a gate it
/// cannot pass refuses the candidate and registers nothing; hostile bodies get 400s naming the field.
/// </summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class OptimizeManagementTests(ManagementGatewayFixture fixture)
{
    private const string Model = "optimize-m";

    private ManagementHttp Http => fixture.Http;

    [Fact]
    public async Task Optimize_BadCalibrationThenGoodOptions_RefusesTheFirstAndRegistersTheSecondWithItsFigures()
    {
        // A broken candidate first: static int8 calibrated on one all-zero flower clips every real input to nothing, so the
        // gate sees the classes collapse, refuses it, and nothing is registered.
        var refused = (await Http.SendAsync(HttpMethod.Post, $"/v1/models/{Model}/versions/1/optimize",
            Body("\"quantize\": \"static\", \"calibration\": {\"input\": \"input\", \"shape\": [4], \"samples\": [[0, 0, 0, 0]]}"))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("refused by the accuracy gate", refused.Error, StringComparison.Ordinal);
        Assert.Contains("agreement", refused.Error, StringComparison.Ordinal);
        Assert.Equal(["1"], Versions((await Http.GetAsync($"/v1/models/{Model}/versions")).Expect(HttpStatusCode.OK).Json));
        Assert.False(Directory.Exists(Path.Combine(fixture.Repository, Model, "2")));

        var created = (await Http.SendAsync(HttpMethod.Post, $"/v1/models/{Model}/versions/1/optimize",
            Body("\"quantize\": \"dynamic\", \"per_channel\": true, \"canary_percent\": 10, \"reason\": \"int8\""))).Expect(HttpStatusCode.Created).Json;

        var version = created.GetProperty("version");
        Assert.Equal("2", version.GetProperty("version").GetString());
        var record = version.GetProperty("optimization");
        Assert.Equal("1", record.GetProperty("source_version").GetString());
        Assert.Contains("int8 dynamic quantization (per-channel)", record.GetProperty("steps").GetString(), StringComparison.Ordinal);
        Assert.Equal(150, record.GetProperty("samples").GetInt32());
        Assert.True(record.GetProperty("top1_agreement").GetDouble() >= 0.99);
        Assert.True(record.GetProperty("accuracy").GetDouble() >= 0.95);
        Assert.StartsWith("## Model optimization: PASSED", created.GetProperty("report").GetString(), StringComparison.Ordinal);
        Assert.Equal("2", created.GetProperty("canary").GetProperty("candidate").GetString());

        // The record stays with the version, and the optimized artifact serves: setosa is class 0.
        var listed = Version((await Http.GetAsync($"/v1/models/{Model}/versions")).Expect(HttpStatusCode.OK).Json, "2");
        Assert.Equal("1", listed.GetProperty("optimization").GetProperty("source_version").GetString());
        await WaitReadyAsync(Http, Model, "2");
        var answer = (await InferAsync(Http, Model, "2")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("2", answer.GetProperty("model_version").GetString());
    }

    [Theory]
    [InlineData("\"quantize\": \"fp4\"", "field 'quantize'")]
    [InlineData("\"level\": \"all\"", "field 'level'")]
    [InlineData("\"percentile\": 20", "field 'percentile'")]
    [InlineData("\"canary_percent\": 100", "field 'canary_percent'")]
    [InlineData("\"candidate\": \"../x\"", "field 'candidate'")]
    public async Task Optimize_BadOption_Returns400NamingTheField(string option, string named)
    {
        var answer = (await Http.SendAsync(HttpMethod.Post, $"/v1/models/{Model}/versions/1/optimize", Body(option))).Expect(HttpStatusCode.BadRequest);

        Assert.Contains(named, answer.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input": "input", "shape": [4], "samples": [[1, 2, 3]]}""", "field 'evaluation.samples[0]'")]
    [InlineData("""{"input": "input", "shape": [0], "samples": [[]]}""", "field 'evaluation.shape'")]
    [InlineData("""{"input": "input", "shape": [4], "samples": []}""", "field 'evaluation.samples'")]
    [InlineData("""{"input": "input", "shape": [4], "samples": [[1, 2, 3, 4]], "labels": [0, 1]}""", "field 'evaluation.labels'")]
    [InlineData("""{"input": "nope", "shape": [4], "samples": [[1, 2, 3, 4]]}""", "cannot optimize this version")]
    public async Task Optimize_BadEvaluationSet_Returns400AndRegistersNothing(string set, string named)
    {
        var answer = (await Http.SendAsync(HttpMethod.Post, $"/v1/models/{Model}/versions/1/optimize", $$"""{"evaluation": {{set}}}""")).Expect(HttpStatusCode.BadRequest);

        Assert.Contains(named, answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_UnknownVersion_Returns404()
    {
        var answer = (await Http.SendAsync(HttpMethod.Post, $"/v1/models/{Model}/versions/9/optimize", Body(""))).Expect(HttpStatusCode.NotFound);

        Assert.Contains("no active version '9'", answer.Error, StringComparison.Ordinal);
    }

    // The evaluation set is Fisher's 150 labelled flowers, the data the sample model was trained on.
    private static string Body(string options)
    {
        var samples = string.Join(", ", IrisDataSet.Rows.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"[{r.SepalLength}, {r.SepalWidth}, {r.PetalLength}, {r.PetalWidth}]")));
        var labels = JsonSerializer.Serialize(IrisDataSet.Rows.Select(r => r.Label));
        var set = $$"""{"input": "input", "shape": [4], "samples": [{{samples}}], "labels": {{labels}}}""";
        return options.Length == 0 ? $$"""{"evaluation": {{set}}}""" : $$"""{{{options}}, "evaluation": {{set}}}""";
    }
}
