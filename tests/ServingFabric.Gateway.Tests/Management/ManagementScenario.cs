using System.Globalization;
using System.Net;
using System.Text.Json;
using ServingFabric.Runtime.Repository;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>Steps the management scenarios share: register a version, wait until it serves, infer, read events.</summary>
internal static class ManagementScenario
{
    /// <summary>Registers a copy of the sample artifact as <paramref name="version"/> and returns the answer's JSON.</summary>
    public static async Task<JsonElement> RegisterAsync(ManagementGatewayFixture fixture, string model, string version, bool makeDefault = false)
    {
        var artifact = fixture.CopyArtifactToTemp();
        try
        {
            var body = $$"""{"version": "{{version}}", "artifact": "{{artifact}}", "sha256": "{{ArtifactVerifier.ComputeSha256(artifact)}}", "default": {{(makeDefault ? "true" : "false")}}, "reason": "scenario"}""";
            return (await fixture.Http.SendAsync(HttpMethod.Post, $"/v1/models/{model}/versions", body)).Expect(HttpStatusCode.Created).Json;
        }
        finally
        {
            File.Delete(artifact);
        }
    }

    /// <summary>Waits until the version reports ready (its replicas loaded), or fails after a minute.</summary>
    public static async Task WaitReadyAsync(ManagementHttp http, string model, string version)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var answer = await http.GetAsync($"/v2/models/{model}/versions/{version}/ready");
            if (answer.Status == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Infers two reference rows (versioned when <paramref name="version"/> is set) with request id <paramref name="id"/>.</summary>
    public static Task<ManagementHttp.Answer> InferAsync(ManagementHttp http, string model, string? version, string id = "scenario")
    {
        var rows = IrisReference.Rows(2, seed: 11);
        var data = string.Join(',', rows.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var body = $$"""{"id": "{{id}}", "inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32", "data": [{{data}}]}]}""";
        var path = version is null ? $"/v2/models/{model}/infer" : $"/v2/models/{model}/versions/{version}/infer";
        return http.SendAsync(HttpMethod.Post, path, body, actor: null);
    }

    /// <summary>The model's events of one kind.</summary>
    public static async Task<List<JsonElement>> EventsAsync(ManagementHttp http, string model, string kind)
    {
        var events = (await http.GetAsync($"/v1/events?model={model}")).Expect(HttpStatusCode.OK).Json.GetProperty("events");
        return [.. events.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == kind)];
    }

    public static string[] Versions(JsonElement answer) =>
        [.. answer.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()!)];

    public static JsonElement Version(JsonElement answer, string version) =>
        answer.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetString() == version);
}
