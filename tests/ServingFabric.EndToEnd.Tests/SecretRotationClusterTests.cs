using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using ServingFabric.Contracts.Security;
using ServingFabric.Tests.Shared;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// Three real silo processes whose storage connection string and API keys are Key Vault references, read through the
/// real Azure.Identity and SecretClient from the Key Vault test server. Under load, the API keys and then the storage
/// account key are rotated in the vault; Azurite is then restarted knowing only the new account key, so the cluster keeps
/// working only if every silo really swapped its storage credential in place.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class SecretRotationClusterTests(ITestOutputHelper output)
{
    private const string Account = "sfrotation";
    private const int Workers = 4;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RotationLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Rotation_ApiKeysThenStorageKey_UnderLoadNoRequestWithTheNewKeyFailsAndTheClusterStays()
    {
        var keyOne = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var keyTwo = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var port = FreePorts.Take(1)[0];
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sf-rotation-" + Guid.NewGuid().ToString("N"))).FullName;
        using var ca = TestCertificates.CreateCa("Rotation Test CA");
        await using var vault = await KeyVaultTestServer.StartAsync(ca);
        var caFile = Path.Combine(root, "ca.crt");
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
        var clientSecretFile = Path.Combine(root, "client-secret");
        await File.WriteAllTextAsync(clientSecretFile, vault.ClientSecret);

        var (oldRecord, oldKey) = ApiKeyHashing.Create("svc-old", FabricScopes.All.ToList(), DateTimeOffset.UtcNow, null);
        var (newRecord, newKey) = ApiKeyHashing.Create("svc-new", FabricScopes.All.ToList(), DateTimeOffset.UtcNow, null);
        vault.SetSecret("api-keys", Keys(oldRecord));
        vault.SetSecret("storage", ConnectionString(port, keyOne));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await using var cluster = await FabricCluster.StartAsync(output, StartLimit,
            [
                $"--ServingFabric:Storage:ConnectionString=kv://{vault.Vault}/storage",
                $"--ServingFabric:Gateway:Auth:KeysFile=kv://{vault.Vault}/api-keys",
                "--ServingFabric:Secrets:PollInterval=00:00:01",
                $"--ServingFabric:Secrets:TrustedCaFile={caFile}",
                "--ServingFabric:Secrets:DisableChallengeResourceVerification=true",
                $"--ServingFabric:Secrets:TenantId={KeyVaultTestServer.Tenant}",
                $"--ServingFabric:Secrets:ClientId={KeyVaultTestServer.ClientId}",
                $"--ServingFabric:Secrets:ClientSecretFile={clientSecretFile}",
                $"--ServingFabric:Secrets:AuthorityHost={vault.Address}",
            ], azuriteOptions: new AzuriteOptions($"{Account}:{keyOne}:{keyTwo}", Path.Combine(root, "azurite"), port));
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var oldLoad = ClosedLoopLoad.Start(cluster.CreateClient(http, oldKey), Workers, cap: TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(10));
            ClosedLoopLoad? newLoad = null;
            try
            {
                await oldLoad.WaitForMoreAsync(200, TimeSpan.FromSeconds(30));

                // 1. API keys: a version with the old and the new key; every silo accepts the new one within a poll.
                var keysVersion = vault.SetSecret("api-keys", Keys(oldRecord, newRecord));
                var keysVisibleAt = clock.Elapsed;
                await EverySiloAsync(cluster, async b => await StatusAsync(cluster.Http, b, newKey) == HttpStatusCode.OK);
                var newAcceptedAt = clock.Elapsed;
                newLoad = ClosedLoopLoad.Start(cluster.CreateClient(http, newKey), Workers, cap: TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(10));
                await newLoad.WaitForMoreAsync(200, TimeSpan.FromSeconds(30));
                output.WriteLine($"api-keys version {keysVersion[..8]} set at {keysVisibleAt.TotalSeconds:F1} s; the new key accepted on every silo at {newAcceptedAt.TotalSeconds:F1} s");

                // 2. The old key revoked: refused everywhere within a poll, while the new key's traffic goes on.
                await oldLoad.StopAsync();
                vault.SetSecret("api-keys", Keys(oldRecord with { RevokedAt = DateTimeOffset.UtcNow }, newRecord));
                var revokedAt = clock.Elapsed;
                await EverySiloAsync(cluster, async b => await StatusAsync(cluster.Http, b, oldKey) == HttpStatusCode.Unauthorized);
                output.WriteLine($"old key revoked at {revokedAt.TotalSeconds:F1} s, refused on every silo at {clock.Elapsed.TotalSeconds:F1} s");

                // 3. Storage: the account's second key; every silo shows the new version, then Azurite forgets the first key.
                var storageVersion = vault.SetSecret("storage", ConnectionString(port, keyTwo));
                await EverySiloAsync(cluster, async b => (await SecretsAsync(cluster.Http, b, newKey)).Contains(storageVersion, StringComparison.Ordinal));
                output.WriteLine($"storage version {storageVersion[..8]} in force on every silo at {clock.Elapsed.TotalSeconds:F1} s");
                await cluster.RestartAzuriteAsync($"{Account}:{keyTwo}");
                output.WriteLine($"Azurite restarted knowing only the new key at {clock.Elapsed.TotalSeconds:F1} s");

                // Every silo still writes the membership table (IAmAlive every 5 s here), which Azurite now accepts only with
                // the new key: each silo's IAmAlive time moves past the restart. (Azurite's folder may lose its last writes
                // on a restart, so grain state etags are not a fair check here.)
                var restartedAt = DateTimeOffset.UtcNow;
                await WaitForIAmAliveAfterAsync(cluster, ConnectionString(port, keyTwo), restartedAt);
                output.WriteLine($"every silo wrote IAmAlive with the new key by {clock.Elapsed.TotalSeconds:F1} s");

                var sentAfterRestart = newLoad.Sent;
                await newLoad.WaitForMoreAsync(200, TimeSpan.FromSeconds(30));
                for (var i = 0; i < FabricCluster.Zones.Length; i++)
                {
                    Assert.Equal("Active", await cluster.MembershipStatusAsync(cluster[i].Ports[1], CancellationToken.None, ConnectionString(port, keyTwo)));
                }

                output.WriteLine($"after the restart: {newLoad.Sent - sentAfterRestart} more requests with the new key, membership Active on every silo");
            }
            finally
            {
                await oldLoad.StopAsync();
                if (newLoad is not null)
                {
                    await newLoad.StopAsync();
                }
            }

            output.WriteLine($"old-key load: {oldLoad.Sent} sent, {oldLoad.Failed} failed; new-key load: {newLoad.Sent} sent, {newLoad.Failed} failed");
            Assert.True(oldLoad.Failed == 0, $"requests with the old key before its revocation failed:\n{string.Join('\n', oldLoad.Failures.Take(10))}");
            Assert.True(newLoad.Failed == 0, $"{newLoad.Failed} of {newLoad.Sent} requests with the new key failed:\n{string.Join('\n', newLoad.Failures.Take(10))}");
            var audit = await AuditTotalAsync(cluster.Http, cluster[0].BaseAddress, newKey);
            output.WriteLine($"silo a recorded {audit} secret accesses");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task WaitForIAmAliveAfterAsync(FabricCluster cluster, string connectionString, DateTimeOffset after)
    {
        var table = new Azure.Data.Tables.TableClient(connectionString, "OrleansSiloInstances");
        var deadline = DateTimeOffset.UtcNow + RotationLimit;
        var seen = new List<string>();
        while (true)
        {
            var alive = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            seen.Clear();
            try
            {
                await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == cluster.ClusterId))
                {
                    var port = FabricCluster.Text(row, "Port");
                    var status = FabricCluster.Text(row, "Status");
                    var time = FabricCluster.Text(row, "IAmAliveTime");
                    seen.Add($"{row.RowKey}: port {port}, {status}, IAmAlive {time}");
                    if (status == "Active" && port is not null
                        && DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                    {
                        alive[port] = at;
                    }
                }
            }
            catch (Azure.RequestFailedException e)
            {
                seen.Add($"query failed: {e.Status} {e.ErrorCode}");
            }

            if (Enumerable.Range(0, FabricCluster.Zones.Length).All(i => alive.TryGetValue(cluster[i].Ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture), out var at) && at > after))
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                cluster.WriteErrorLogs();
                throw new TimeoutException(
                    $"not every silo wrote IAmAlive after {after:O} within {RotationLimit.TotalSeconds:F0} s; the membership rows:\n{string.Join('\n', seen)}");
            }

            await Task.Delay(250);
        }
    }

    private static string ConnectionString(int port, string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={key};TableEndpoint=http://127.0.0.1:{port}/{Account};";

    private static string Keys(params ApiKeyRecord[] keys) => JsonSerializer.Serialize(new ApiKeysFile(keys), ApiKeysJsonContext.Default.ApiKeysFile);

    private static async Task EverySiloAsync(FabricCluster cluster, Func<Uri, Task<bool>> condition)
    {
        using var limit = new CancellationTokenSource(RotationLimit);
        for (var i = 0; i < FabricCluster.Zones.Length; i++)
        {
            while (!await condition(cluster[i].BaseAddress))
            {
                await Task.Delay(100, limit.Token);
            }
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri silo, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(silo, "/v2/models/iris/ready"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> SecretsAsync(HttpClient http, Uri silo, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(silo, "/v1/secrets"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<long> AuditTotalAsync(HttpClient http, Uri silo, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(silo, "/v1/audit/secrets?limit=1"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("total").GetInt64();
    }
}
