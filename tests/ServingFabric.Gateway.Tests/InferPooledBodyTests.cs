using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests;

/// <summary>
/// The infer endpoint reads bodies into pooled arrays and hands them back right after parsing: every answer must
/// still belong to its own request, however requests follow or overlap each other.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class InferPooledBodyTests(GatewayFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Infer_BinaryRequestsBackToBack_EachAnswerMatchesItsOwnInput()
    {
        // Same batch size, so both bodies are the same length and land in the same pooled array size.
        var first = IrisReference.Rows(5, seed: 41);
        var second = IrisReference.Rows(5, seed: 42);

        AssertAnswers("first", first, await InferBinaryAsync("first", first));
        AssertAnswers("second", second, await InferBinaryAsync("second", second));
        AssertAnswers("first", first, await InferBinaryAsync("first", first));
    }

    [Fact]
    public async Task Infer_EightBinaryRequestsAtOnce_EachAnswerMatchesItsOwnInput()
    {
        for (var round = 0; round < 3; round++)
        {
            var inputs = Enumerable.Range(0, 8)
                .Select(i => (Id: $"r{round}-{i}", Rows: IrisReference.Rows(1 + ((i * 7) % 16), seed: (round * 100) + i)))
                .ToArray();

            var answers = await Task.WhenAll(inputs.Select(input => InferBinaryAsync(input.Id, input.Rows)));

            for (var i = 0; i < inputs.Length; i++)
            {
                AssertAnswers(inputs[i].Id, inputs[i].Rows, answers[i]);
            }
        }
    }

    [Fact]
    public async Task Infer_JsonWithBinaryDataOutputParameter_AnswersEveryOutputInBinary()
    {
        // The request parameter is read again when the response is written, long after the body went back to the pool.
        var rows = IrisReference.Rows(3, seed: 7);
        var body = $$"""{"id":"json-params","parameters":{"binary_data_output":true,"note":"kept"},"inputs":[{"name":"input","shape":[3,4],"datatype":"FP32","data":[{{string.Join(',', rows.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}]}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await Http.PostAsync("/v2/models/iris/infer", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        using var json = JsonDocument.Parse(bytes.AsMemory(0, jsonLength));
        Assert.Equal("json-params", json.RootElement.GetProperty("id").GetString());
        var outputs = json.RootElement.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.All(outputs, o => Assert.False(o.TryGetProperty("data", out _)));
        Assert.Equal(["probabilities", "label"], outputs.Select(o => o.GetProperty("name").GetString()));
        var binary = bytes.AsSpan(jsonLength);
        Assert.Equal((3 * 3 * 4) + (3 * 8), binary.Length);
        for (var row = 0; row < 3; row++)
        {
            var (expected, label) = IrisReference.Compute(rows.AsSpan(row * 4, 4));
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(expected[c], BinaryPrimitives.ReadSingleLittleEndian(binary[(((row * 3) + c) * 4)..]), tolerance: 1e-5);
            }

            Assert.Equal(label, BinaryPrimitives.ReadInt64LittleEndian(binary[((3 * 3 * 4) + (row * 8))..]));
        }
    }

    private static void AssertAnswers(string id, float[] rows, Answer answer)
    {
        Assert.Equal(id, answer.Id);
        var batch = rows.Length / 4;
        Assert.Equal(batch * 3, answer.Probabilities.Length);
        Assert.Equal(batch, answer.Labels.Length);
        for (var row = 0; row < batch; row++)
        {
            var (expected, label) = IrisReference.Compute(rows.AsSpan(row * 4, 4));
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(expected[c], answer.Probabilities[(row * 3) + c], tolerance: 1e-5);
            }

            Assert.Equal(label, answer.Labels[row]);
        }
    }

    /// <summary>Sends the rows as a binary tensor; probabilities come back binary, labels as JSON.</summary>
    private async Task<Answer> InferBinaryAsync(string id, float[] rows)
    {
        var batch = rows.Length / 4;
        var header = Encoding.UTF8.GetBytes(
            $$$"""{"id":"{{{id}}}","inputs":[{"name":"input","shape":[{{{batch}}},4],"datatype":"FP32","parameters":{"binary_data_size":{{{rows.Length * 4}}}}}],"outputs":[{"name":"probabilities","parameters":{"binary_data":true}},{"name":"label","parameters":{"binary_data":false}}]}""");
        var payload = new byte[header.Length + (rows.Length * 4)];
        header.CopyTo(payload, 0);
        for (var i = 0; i < rows.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(header.Length + (i * 4)), rows[i]);
        }

        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        using var response = await Http.PostAsync("/v2/models/iris/infer", content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{id}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");

        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        using var json = JsonDocument.Parse(bytes.AsMemory(0, jsonLength));
        var outputs = json.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        var probabilities = new float[(bytes.Length - jsonLength) / 4];
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(jsonLength + (i * 4)));
        }

        var labels = outputs["label"].GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        return new Answer(json.RootElement.GetProperty("id").GetString(), probabilities, labels);
    }

    private sealed record Answer(string? Id, float[] Probabilities, long[] Labels);
}
