using ServingFabric.Tests.Shared;
using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Hosting.Secrets;

namespace ServingFabric.Gateway.Tests.Secrets;

/// <summary>The secret store through the real Azure SDK <c>SecretClient</c> against the Key Vault test server.</summary>
[Collection(KeyVaultCollection.Name)]
public sealed class KeyVaultSecretStoreTests(KeyVaultFixture fixture)
{
    private SecretReference Reference(string name) => SecretReference.Parse($"kv://{fixture.Server.Vault}/{name}", "test");

    [Fact]
    public async Task GetAsync_SecretWithTwoVersions_ReturnsTheCurrentValueAndVersion()
    {
        var name = Unique("current");
        fixture.Server.SetSecret(name, "first-value-0001");
        var version = fixture.Server.SetSecret(name, "second-value-0002");
        await using var store = fixture.Store(new CapturingLogger());

        var value = await store.GetAsync(Reference(name), "test.reader");

        Assert.Equal("second-value-0002", value.Value);
        Assert.Equal(version, value.Version);
        Assert.NotNull(value.CreatedOn);
    }

    [Fact]
    public async Task GetAsync_ClientSecretCredentialWithTestAuthority_TokenFromTheAuthorityAccepted()
    {
        var name = Unique("identity");
        fixture.Server.SetSecret(name, "through-azure-identity");
        var secretFile = Path.Combine(fixture.Folder, name + ".secret");
        await File.WriteAllTextAsync(secretFile, fixture.Server.ClientSecret);
        var options = fixture.Options();
        options.TenantId = KeyVaultTestServer.Tenant;
        options.ClientId = KeyVaultTestServer.ClientId;
        options.ClientSecretFile = secretFile;
        options.AuthorityHost = fixture.Server.Address;
        var logger = new CapturingLogger();
        await using var store = new SecretStore(options, new KeyVaultSecretBackend(options), new FileSecretBackend(), new SecretAuditLog(10), new SecretMetrics(), TimeProvider.System, logger, "s");

        var value = await store.GetAsync(Reference(name), "test.identity");

        Assert.Equal("through-azure-identity", value.Value);
        Assert.Contains(fixture.Server.Requests, r => r.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListVersionsAsync_ThreeVersions_NewestFirstWithoutValues()
    {
        var name = Unique("list");
        var versions = new[] { fixture.Server.SetSecret(name, "v-one-xxxxxxxxxx"), fixture.Server.SetSecret(name, "v-two-xxxxxxxxxx"), fixture.Server.SetSecret(name, "v-three-xxxxxxxx") };
        fixture.Server.DisableVersion(name, versions[0]);
        await using var store = fixture.Store(new CapturingLogger());

        var listed = await store.ListVersionsAsync(Reference(name), "test.lister");

        Assert.Equal(versions.Reverse(), listed.Select(v => v.Version));
        Assert.False(listed[^1].Enabled);
    }

    [Fact]
    public async Task GetAsync_MissingSecret_NotFoundNamingTheVaultAndSecret()
    {
        await using var store = fixture.Store(new CapturingLogger());
        var reference = Reference(Unique("missing"));

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync(reference, "test.reader"));

        Assert.Equal("not_found", error.Outcome);
        Assert.Contains(reference.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.Server.Vault, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_NewVersionInTheVault_AppliedAndShownInStatus()
    {
        var name = Unique("rotate");
        fixture.Server.SetSecret(name, "old-secret-value");
        await using var store = fixture.Store(new CapturingLogger());
        var current = await store.GetAsync(Reference(name), "test.consumer");
        var applied = new TaskCompletionSource<SecretValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = store.Watch(current.Reference, "test.consumer", current, (v, _) => { applied.TrySetResult(v); return Task.CompletedTask; });

        var version = fixture.Server.SetSecret(name, "new-secret-value");
        var value = await applied.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("new-secret-value", version), (value.Value, value.Version));
        var status = await WaitForAsync(() => store.Status().Single(s => s.Reference == current.Reference.ToString()), s => s.Version == version);
        Assert.NotNull(status.LastRotation);
        Assert.Null(status.LastError);
        Assert.Equal("KeyVault", status.Store);
    }

    [Fact]
    public async Task Watch_ConsumerRefusesTheNewVersion_OldKeptErrorLoggedAndNotOfferedAgain()
    {
        var name = Unique("refused");
        fixture.Server.SetSecret(name, "good-value-aaaaaa");
        var logger = new CapturingLogger();
        await using var store = fixture.Store(logger);
        var current = await store.GetAsync(Reference(name), "test.consumer");
        var offers = 0;
        var offered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = store.Watch(current.Reference, "test.consumer", current, (_, _) =>
        {
            Interlocked.Increment(ref offers);
            offered.TrySetResult();
            throw new InvalidOperationException("not a PEM certificate");
        });

        var bad = fixture.Server.SetSecret(name, "-----BEGIN CORRUPT");
        await offered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Several more checks pass with the refused version still current in the vault.
        var checksBefore = fixture.Server.Requests.Count;
        await WaitForAsync(() => fixture.Server.Requests.Count, c => c >= checksBefore + 6);

        Assert.Equal(1, offers);
        var status = store.Status().Single(s => s.Reference == current.Reference.ToString());
        Assert.Equal(current.Version, status.Version);
        Assert.Contains($"version {bad} could not be applied: not a PEM certificate", status.LastError, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Id.Id == 4102 && l.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.DoesNotContain(logger.Lines, l => l.Message.Contains("BEGIN CORRUPT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_VaultUnavailableThenBack_LastGoodKeptErrorShownThenRecovered()
    {
        var name = Unique("outage");
        fixture.Server.SetSecret(name, "survives-outage-1");
        var logger = new CapturingLogger();
        var options = fixture.Options();
        await using var store = fixture.Store(logger, options);
        var current = await store.GetAsync(Reference(name), "test.consumer");
        var applied = new TaskCompletionSource<SecretValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = store.Watch(current.Reference, "test.consumer", current, (v, _) => { applied.TrySetResult(v); return Task.CompletedTask; });

        fixture.Server.Unavailable = true;
        SecretStatus failing;
        try
        {
            failing = await WaitForAsync(() => store.Status().Single(s => s.Reference == current.Reference.ToString()), s => s.LastError is not null);
        }
        finally
        {
            fixture.Server.Unavailable = false;
        }

        Assert.Equal(current.Version, failing.Version);
        Assert.Contains("is unavailable (it answered 503", failing.LastError, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Id.Id == 4103);
        var version = fixture.Server.SetSecret(name, "after-the-outage-2");
        Assert.Equal(version, (await applied.Task.WaitAsync(TimeSpan.FromSeconds(30))).Version);
        Assert.Contains(logger.Lines, l => l.Id.Id == 4104);
    }

    [Fact]
    public async Task Accesses_ReadListAndRefreshes_ExactlyOneAuditRecordEachAndNoValueAnywhere()
    {
        var name = Unique("audit");
        const string Value = "audited-secret-value-7f3a";
        fixture.Server.SetSecret(name, Value);
        var logger = new CapturingLogger();
        await using var store = fixture.Store(logger);
        var reference = Reference(name);

        await store.GetAsync(reference, "test.audit");
        await store.ListVersionsAsync(reference, "test.audit");
        await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync(Reference(Unique("absent")), "test.audit"));

        var records = store.Audit.Recent(100);
        Assert.Equal(3, store.Audit.Total);
        Assert.Equal(["not_found", "ok", "ok"], records.Select(r => r.Outcome));
        Assert.Equal(["read", "list", "read"], records.Select(r => r.Operation));
        Assert.All(records, r => Assert.Equal(("test-silo", "KeyVault", "test.audit"), (r.Silo, r.Store, r.Component)));
        var accessLines = logger.Lines.Where(l => l.Id.Id == SecretStoreLog.SecretAccessedId).ToList();
        Assert.Equal(3, accessLines.Count);
        Assert.DoesNotContain(logger.Lines, l => l.Message.Contains(Value, StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.ToString().Contains(Value, StringComparison.Ordinal));
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];

    internal static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(20, limit.Token);
        }
    }
}
