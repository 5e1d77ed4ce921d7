using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace ServingFabric.Tests.Shared;

/// <summary>
/// The README's quickstart request, verbatim, and the check of its answer against <see cref="IrisReference"/>: for the
/// tests that send it to a whole silo (the executable, the container image).
/// </summary>
internal static class ReadmeInference
{
    public const string Body = """{"id":"readme-1","inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";

    /// <summary>Posts <see cref="Body"/> to the sample model at <paramref name="http"/>'s base address and asserts the reference outputs.</summary>
    public static async Task AssertAnsweredAsync(HttpClient http)
    {
        using var content = new StringContent(Body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/v2/models/iris/infer", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        Assert.Equal("readme-1", json.RootElement.GetProperty("id").GetString());
        var outputs = json.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        var (expected, label) = IrisReference.Compute([5.1f, 3.5f, 1.4f, 0.2f]);
        var probabilities = outputs["probabilities"].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(expected[c], probabilities[c], 5);
        }

        Assert.Equal(label, outputs["label"].GetProperty("data")[0].GetInt64());
    }
}
