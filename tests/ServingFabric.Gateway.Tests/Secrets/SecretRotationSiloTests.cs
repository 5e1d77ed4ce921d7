using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ServingFabric.Contracts.Security;
using ServingFabric.Hosting;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Secrets;

/// <summary>
/// A whole silo in process whose admin key and API keys are Key Vault references, read through the real Azure.Identity
/// <c>ClientSecretCredential</c> (the test server is its authority) and <c>SecretClient</c>; versions are rotated in the
/// vault while the silo serves.
/// </summary>
[Collection(KeyVaultCollection.Name)]
public sealed class SecretRotationSiloTests(KeyVaultFixture fixture)
{
    private const string Infer = """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}""";

    [Fact]
    public async Task AdminKey_RotatedInTheVault_NewAcceptedOldAcceptedWithinOverlapThenRefused()
    {
        var name = Unique("admin");
        const string OldKey = "old-admin-key-0123456789";
        const string NewKey = "new-admin-key-9876543210";
        fixture.Server.SetSecret(name, OldKey);
        await using var silo = await StartAsync($"--ServingFabric:Gateway:AdminApiKey=kv://{fixture.Server.Vault}/{name}", "--ServingFabric:Gateway:Auth:RotationOverlap=00:00:02");

        Assert.Equal(HttpStatusCode.OK, await InferAsync(silo.Http, OldKey));
        fixture.Server.SetSecret(name, NewKey);

        // The new key works from the first request after the silo saw the version; from then on no request with it fails.
        await WaitUntilAsync(async () => await InferAsync(silo.Http, NewKey) == HttpStatusCode.OK);
        var during = await InferAsync(silo.Http, OldKey);
        await WaitUntilAsync(async () => await InferAsync(silo.Http, OldKey) == HttpStatusCode.Unauthorized);
        var failedWithNewKey = 0;
        for (var i = 0; i < 50; i++)
        {
            failedWithNewKey += await InferAsync(silo.Http, NewKey) == HttpStatusCode.OK ? 0 : 1;
        }

        Assert.Equal(HttpStatusCode.OK, during);
        Assert.Equal(0, failedWithNewKey);
        var status = await ReadAsync(silo.Http, "/v1/secrets", NewKey);
        var admin = status.RootElement.GetProperty("secrets").EnumerateArray().Single(s => s.GetProperty("component").GetString() == "gateway.admin-key");
        Assert.Equal(JsonValueKind.String, admin.GetProperty("last_rotation").ValueKind);
        await AssertNoValueAsync(silo, NewKey, [OldKey, NewKey]);
    }

    [Fact]
    public async Task ApiKeys_RotatedInTheVault_AddedKeyWorksRevokedKeyRefused()
    {
        var name = Unique("apikeys");
        var (first, firstKey) = ApiKeyHashing.Create("svc-first", [FabricScopes.Inference, FabricScopes.Read, FabricScopes.Metrics], DateTimeOffset.UtcNow, null);
        var (second, secondKey) = ApiKeyHashing.Create("svc-second", [FabricScopes.Inference, FabricScopes.Read, FabricScopes.Metrics], DateTimeOffset.UtcNow, null);
        fixture.Server.SetSecret(name, KeysJson(first));
        await using var silo = await StartAsync($"--ServingFabric:Gateway:Auth:KeysFile=kv://{fixture.Server.Vault}/{name}");
        Assert.Equal(HttpStatusCode.OK, await InferAsync(silo.Http, firstKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await InferAsync(silo.Http, secondKey));

        fixture.Server.SetSecret(name, KeysJson(first, second));
        await WaitUntilAsync(async () => await InferAsync(silo.Http, secondKey) == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, await InferAsync(silo.Http, firstKey));
        fixture.Server.SetSecret(name, KeysJson(first with { RevokedAt = DateTimeOffset.UtcNow }, second));
        await WaitUntilAsync(async () => await InferAsync(silo.Http, firstKey) == HttpStatusCode.Unauthorized);

        // A broken version (not JSON) is refused: the keys in force stay and the status says why.
        var broken = fixture.Server.SetSecret(name, "{\"keys\": [ truncated");
        using var status = await WaitForStatusAsync(silo.Http, secondKey, s => s.Contains(broken, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await InferAsync(silo.Http, secondKey));
        Assert.Contains("JSON error at line", status.RootElement.ToString(), StringComparison.Ordinal);
        await AssertNoValueAsync(silo, secondKey, [firstKey, secondKey, first.Hash, second.Hash]);
    }

    [Fact]
    public async Task Start_ReferenceToAMissingSecret_RefusesNamingSettingAndVault()
    {
        var name = Unique("absent");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync($"--ServingFabric:Gateway:AdminApiKey=kv://{fixture.Server.Vault}/{name}"));

        Assert.Contains("ServingFabric:Gateway:AdminApiKey refers to kv://", error.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.Server.Vault, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_VaultUnreachable_RefusesNamingTheVault()
    {
        var name = Unique("down");
        fixture.Server.SetSecret(name, "unreachable-admin-key-01");
        fixture.Server.Unavailable = true;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync($"--ServingFabric:Gateway:AdminApiKey=kv://{fixture.Server.Vault}/{name}"));
            Assert.Contains("is unavailable", error.Message, StringComparison.Ordinal);
            Assert.Contains(fixture.Server.Vault, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Server.Unavailable = false;
        }
    }

    [Fact]
    public async Task Start_ProductionProfileWithLiteralAdminKey_RefusesSayingWhereToPutIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartAsync("--ServingFabric:Gateway:AdminApiKey=literal-admin-key-0123456", "--ServingFabric:Secrets:RequireReferences=true"));

        Assert.Contains("ServingFabric:Gateway:AdminApiKey holds a literal value", error.Message, StringComparison.Ordinal);
        Assert.Contains("kv://<vault>/<name>", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("literal-admin-key-0123456", error.Message, StringComparison.Ordinal);
    }

    private async Task AssertNoValueAsync(Silo silo, string key, IEnumerable<string> values)
    {
        var audit = await ReadAsync(silo.Http, "/v1/audit/secrets?limit=1000", key);
        var status = await ReadAsync(silo.Http, "/v1/secrets", key);
        using var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        metrics.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var metricsAnswer = await silo.Http.SendAsync(metrics);
        var metricsText = await metricsAnswer.Content.ReadAsStringAsync();
        Assert.True(audit.RootElement.GetProperty("total").GetInt64() >= 2);
        Assert.Contains("servingfabric_secret_reads_total", metricsText, StringComparison.Ordinal);
        foreach (var value in values)
        {
            Assert.DoesNotContain(value, audit.RootElement.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(value, status.RootElement.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(value, metricsText, StringComparison.Ordinal);
        }
    }

    private async Task<Silo> StartAsync(params string[] settings)
    {
        var secretFile = Path.Combine(fixture.Folder, Guid.NewGuid().ToString("N") + ".secret");
        await File.WriteAllTextAsync(secretFile, fixture.Server.ClientSecret);
        var repository = Path.Combine(fixture.Folder, "repo-" + Guid.NewGuid().ToString("N"));
        var (app, address) = await InProcessSilo.StartAsync(repository,
        [
            "--ServingFabric:Secrets:PollInterval=00:00:00.2",
            $"--ServingFabric:Secrets:TrustedCaFile={fixture.CaFile}",
            "--ServingFabric:Secrets:DisableChallengeResourceVerification=true",
            $"--ServingFabric:Secrets:TenantId={KeyVaultTestServer.Tenant}",
            $"--ServingFabric:Secrets:ClientId={KeyVaultTestServer.ClientId}",
            $"--ServingFabric:Secrets:ClientSecretFile={secretFile}",
            $"--ServingFabric:Secrets:AuthorityHost={fixture.Server.Address}",
            "--ServingFabric:Secrets:StartTimeout=00:00:10",
            .. settings,
        ]);
        return new Silo(app, new HttpClient { BaseAddress = address });
    }

    private static async Task<HttpStatusCode> InferAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{SampleModels.IrisModelName}/infer") { Content = new StringContent(Infer) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<JsonDocument> ReadAsync(HttpClient http, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonDocument> WaitForStatusAsync(HttpClient http, string key, Func<string, bool> done)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await ReadAsync(http, "/v1/secrets", key);
            if (done(status.RootElement.ToString()))
            {
                return status;
            }

            status.Dispose();
            await Task.Delay(50, limit.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(50, limit.Token);
        }
    }

    private static string KeysJson(params ApiKeyRecord[] keys) =>
        JsonSerializer.Serialize(new ApiKeysFile(keys), ApiKeysJsonContext.Default.ApiKeysFile);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];

    private sealed record Silo(WebApplication App, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
