using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.OpenInference;

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

        BinaryIrisInference.AssertAnswers("first", first, await BinaryIrisInference.InferAsync(Http, "iris", "first", first));
        BinaryIrisInference.AssertAnswers("second", second, await BinaryIrisInference.InferAsync(Http, "iris", "second", second));
        BinaryIrisInference.AssertAnswers("first", first, await BinaryIrisInference.InferAsync(Http, "iris", "first", first));
    }

    [Fact]
    public async Task Infer_EightBinaryRequestsAtOnce_EachAnswerMatchesItsOwnInput()
    {
        for (var round = 0; round < 3; round++)
        {
            var inputs = Enumerable.Range(0, 8)
                .Select(i => (Id: $"r{round}-{i}", Rows: IrisReference.Rows(1 + ((i * 7) % 16), seed: (round * 100) + i)))
                .ToArray();

            var answers = await Task.WhenAll(inputs.Select(input => BinaryIrisInference.InferAsync(Http, "iris", input.Id, input.Rows)));

            for (var i = 0; i < inputs.Length; i++)
            {
                BinaryIrisInference.AssertAnswers(inputs[i].Id, inputs[i].Rows, answers[i]);
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
}
