using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ServingFabric.Contracts.Security;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>
/// Feedback bound to the caller with real API keys from a keys file, during an A/B release of iris: an attacker
/// reusing a victim's request id rewards only its own entry, cannot name the victim without the feedback scope, and a
/// key holding that scope rewards the victim's request once.
/// </summary>
public sealed class FeedbackCredentialTests(FeedbackCredentialFixture fixture) : IClassFixture<FeedbackCredentialFixture>
{
    [Fact]
    public async Task Feedback_AttackerReusesVictimsId_AttackerRewardsOwnEntryAndVictimsFeedbackRewardsVictimsVersion()
    {
        await fixture.InferAsync("victim", "1", "shared-id");
        await fixture.InferAsync("attacker", "2", "shared-id");

        var attackers = await fixture.FeedbackAsync("attacker", """{"id": "shared-id", "reward": 1}""");
        var namingVictim = await fixture.FeedbackAsync("attacker", """{"id": "shared-id", "reward": 1, "caller": "key:victim"}""");
        var victims = await fixture.FeedbackAsync("victim", """{"id": "shared-id", "reward": -1}""");

        Assert.Equal(HttpStatusCode.OK, attackers.Status);
        Assert.Equal(("2", "key:attacker"), (attackers.Json.GetProperty("version").GetString(), attackers.Json.GetProperty("caller").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, namingVictim.Status);
        Assert.Contains("needs the 'feedback' scope", namingVictim.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, victims.Status);
        Assert.Equal(("1", "key:victim"), (victims.Json.GetProperty("version").GetString(), victims.Json.GetProperty("caller").GetString()));
    }

    [Fact]
    public async Task Feedback_RewarderNamesVictim_RewardsVictimsRequestOnceThen409()
    {
        await fixture.InferAsync("victim", "1", "rewarded-id");

        var first = await fixture.FeedbackAsync("rewarder", """{"id": "rewarded-id", "reward": 1, "caller": "key:victim"}""");
        var second = await fixture.FeedbackAsync("rewarder", """{"id": "rewarded-id", "reward": 1, "caller": "key:victim"}""");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(("1", "key:victim"), (first.Json.GetProperty("version").GetString(), first.Json.GetProperty("caller").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
    }

    [Fact]
    public async Task Feedback_AttackerRewardsVictimsIdItNeverSent_NotFoundAndVictimStillRewards()
    {
        await fixture.InferAsync("victim", "1", "victims-only");

        var attack = await fixture.FeedbackAsync("attacker", """{"id": "victims-only", "reward": 1}""");
        var victim = await fixture.FeedbackAsync("victim", """{"id": "victims-only", "reward": 0.5}""");

        Assert.Equal(HttpStatusCode.NotFound, attack.Status);
        Assert.Equal(HttpStatusCode.OK, victim.Status);
        Assert.Equal("1", victim.Json.GetProperty("version").GetString());
    }
}

/// <summary>
/// A silo with a keys file holding <c>victim</c> and <c>attacker</c> (inference), <c>rewarder</c> (feedback) and
/// <c>ops</c> (every scope), serving iris 1 and 2 under a running A/B release, warmed until its front remembers
/// answered requests for feedback.
/// </summary>
public sealed class FeedbackCredentialFixture : IAsyncLifetime
{
    private const string Model = "iris";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sf-feedback-creds-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private HttpClient _http = null!;

    /// <summary>An answer's status and JSON body.</summary>
    public sealed record Answer(HttpStatusCode Status, JsonElement Json);

    public async Task InitializeAsync()
    {
        var repository = Path.Combine(_folder, "repository");
        SampleModels.WriteSampleRepository(repository);
        var now = DateTimeOffset.UtcNow;
        var records = new List<ApiKeyRecord>();
        foreach (var (name, scopes) in new (string, string[])[]
                 {
                     ("victim", [FabricScopes.Inference]), ("attacker", [FabricScopes.Inference]),
                     ("rewarder", [FabricScopes.Feedback]), ("ops", [.. FabricScopes.All]),
                 })
        {
            var (record, key) = ApiKeyHashing.Create(name, scopes, now, expiresAt: null);
            records.Add(record);
            _keys[name] = key;
        }

        var keysFile = Path.Combine(_folder, "keys.json");
        File.WriteAllText(keysFile, JsonSerializer.Serialize(new ApiKeysFile(records), ApiKeysJsonContext.Default.ApiKeysFile));
        var imports = Path.Combine(_folder, "imports");
        Directory.CreateDirectory(imports);
        (_app, var address) = await InProcessSilo.StartAsync(repository,
            $"--ServingFabric:Gateway:Auth:KeysFile={keysFile}",
            $"--ServingFabric:Gateway:ArtifactImportRoots:0={imports}");
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        await InProcessSilo.WaitUntilReadyAsync(address, TimeSpan.FromSeconds(60));
        await StartReleaseAsync(Path.Combine(repository, Model, "1", "model.onnx"), imports);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Infers one reference row from version <paramref name="version"/> as <paramref name="key"/>, expecting 200.</summary>
    public async Task InferAsync(string key, string version, string id)
    {
        var row = string.Join(',', IrisReference.Rows(1, seed: 5).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var answer = await SendAsync(key, HttpMethod.Post, $"/v2/models/{Model}/versions/{version}/infer",
            $$"""{"id": "{{id}}", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [{{row}}]}]}""");
        Assert.True(answer.Status == HttpStatusCode.OK, $"inference as {key} answered {(int)answer.Status}: {answer.Json}");
    }

    /// <summary>Sends feedback <paramref name="body"/> for iris as <paramref name="key"/>.</summary>
    public Task<Answer> FeedbackAsync(string key, string body) => SendAsync(key, HttpMethod.Post, $"/v1/models/{Model}/feedback", body);

    private async Task<Answer> SendAsync(string key, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _keys[key]);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return new Answer(response.StatusCode, json.RootElement.Clone());
    }

    // Version 2 (a copy of 1), an A/B test on it, then inferences until this silo's front remembers one for feedback
    // (it learns of the release on its next routing table refresh).
    private async Task StartReleaseAsync(string sampleArtifact, string imports)
    {
        var artifact = Path.Combine(imports, "iris-2.onnx");
        File.Copy(sampleArtifact, artifact);
        var register = await SendAsync("ops", HttpMethod.Post, $"/v1/models/{Model}/versions",
            $$"""{"version": "2", "artifact": "{{artifact}}", "sha256": "{{ArtifactVerifier.ComputeSha256(artifact)}}", "default": false, "reason": "feedback credentials"}""");
        Assert.True(register.Status == HttpStatusCode.Created, $"registering version 2 answered {(int)register.Status}: {register.Json}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await SendAsync("ops", HttpMethod.Get, $"/v2/models/{Model}/versions/2/ready", null)).Status != HttpStatusCode.OK)
        {
            await Task.Delay(50, timeout.Token);
        }

        var release = await SendAsync("ops", HttpMethod.Post, $"/v1/models/{Model}/experiments", """{"treatment": "2", "metric": "reward", "minimum_duration_seconds": 3600}""");
        Assert.True(release.Status == HttpStatusCode.Created, $"starting the A/B test answered {(int)release.Status}: {release.Json}");
        for (var attempt = 0; ; attempt++)
        {
            var id = $"warm-{attempt}";
            await InferAsync("ops", "1", id);
            if ((await FeedbackAsync("ops", $$"""{"id": "{{id}}", "reward": 0}""")).Status == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
