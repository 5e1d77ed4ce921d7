using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Hosting.Secrets;

namespace ServingFabric.Gateway.Tests.Secrets;

/// <summary>Mounted secret files as the Key Vault CSI driver and kubelet write them: a <c>..data</c> link swapped to a new folder.</summary>
[Collection(KeyVaultCollection.Name)]
public sealed class FileSecretBackendTests(KeyVaultFixture fixture)
{
    [Fact]
    public async Task Watch_DataLinkSwappedToANewFolder_NewVersionApplied()
    {
        var mount = Directory.CreateDirectory(Path.Combine(fixture.Folder, "mount-" + Guid.NewGuid().ToString("N"))).FullName;
        WriteVersion(mount, "..2026_12_05_v1", "first-mounted-value\n");
        File.CreateSymbolicLink(Path.Combine(mount, "..data"), "..2026_12_05_v1");
        File.CreateSymbolicLink(Path.Combine(mount, "admin-key"), Path.Combine("..data", "admin-key"));
        var logger = new CapturingLogger();
        await using var store = fixture.Store(logger);
        var reference = SecretReference.Parse("file:" + Path.Combine(mount, "admin-key"), "test");
        var current = await store.GetAsync(reference, "test.file");
        var applied = new TaskCompletionSource<SecretValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = store.Watch(reference, "test.file", current, (v, _) => { applied.TrySetResult(v); return Task.CompletedTask; });

        // The driver's atomic update: write the new folder, point a temporary link at it, rename it over ..data.
        WriteVersion(mount, "..2026_12_05_v2", "second-mounted-value\n");
        File.CreateSymbolicLink(Path.Combine(mount, "..data_tmp"), "..2026_12_05_v2");
        using (var rename = System.Diagnostics.Process.Start("mv", ["-Tf", Path.Combine(mount, "..data_tmp"), Path.Combine(mount, "..data")]))
        {
            await rename.WaitForExitAsync();
            Assert.Equal(0, rename.ExitCode);
        }

        var next = await applied.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("first-mounted-value", current.Value);
        Assert.Equal("second-mounted-value", next.Value);
        Assert.NotEqual(current.Version, next.Version);
        Assert.Equal("File", store.Status().Single().Store);
        Assert.DoesNotContain(logger.Lines, l => l.Message.Contains("mounted-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetAsync_MissingFile_NotFoundNamingThePath()
    {
        await using var store = fixture.Store(new CapturingLogger());
        var reference = SecretReference.Parse("file:" + Path.Combine(fixture.Folder, "no-such-secret"), "test");

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync(reference, "test.file"));

        Assert.Equal("not_found", error.Outcome);
        Assert.Contains("no-such-secret: no such file", error.Message, StringComparison.Ordinal);
    }

    private static void WriteVersion(string mount, string folder, string value)
    {
        Directory.CreateDirectory(Path.Combine(mount, folder));
        File.WriteAllText(Path.Combine(mount, folder, "admin-key"), value);
    }
}
