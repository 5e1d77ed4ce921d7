using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.OpenInference;

/// <summary>Iris requests with a binary input tensor over real HTTP, and checks of their answers against the reference.</summary>
internal static class BinaryIrisInference
{
    public static void AssertAnswers(string id, float[] rows, Answer answer)
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
    public static async Task<Answer> InferAsync(HttpClient http, string model, string id, float[] rows)
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
        using var response = await http.PostAsync($"/v2/models/{model}/infer", content);
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

    public sealed record Answer(string? Id, float[] Probabilities, long[] Labels);
}
