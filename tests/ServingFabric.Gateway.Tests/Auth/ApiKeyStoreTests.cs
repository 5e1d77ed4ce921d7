using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Contracts.Security;
using ServingFabric.Gateway.Auth;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>The keys file's store: reload at most once per interval, and a broken file keeps the last good keys.</summary>
public sealed class ApiKeyStoreTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sf-keys-{Guid.NewGuid():N}.json");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryFind_FileChangedWithinTheInterval_KeepsTheOldKeysUntilItPasses()
    {
        var (first, _) = Write("first");
        var store = Store();
        var (second, _) = Write("second");

        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.True(store.TryFind(first.Id, out _, out _));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(store.TryFind(first.Id, out _, out _));
        Assert.True(store.TryFind(second.Id, out var record, out var claims));
        Assert.Equal("second", record.Name);
        Assert.Equal("key:second", claims.Single(c => c.Type == FabricPrincipals.CallerClaim).Value);
    }

    [Fact]
    public void TryFind_FileBrokenAfterStart_KeepsTheLastGoodKeys()
    {
        var (good, _) = Write("good");
        var store = Store();

        File.WriteAllText(_file, "{\"keys\": [ this is not json");
        _time.Advance(Interval);

        Assert.True(store.TryFind(good.Id, out _, out _));
    }

    [Fact]
    public void Create_MalformedFile_ThrowsNamingTheFile()
    {
        File.WriteAllText(_file, "[]");

        var error = Assert.Throws<InvalidOperationException>(Store);

        Assert.StartsWith($"ServingFabric:Gateway:Auth:KeysFile '{_file}' is not a valid keys file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateIds_ThrowsNamingTheId()
    {
        var (record, _) = ApiKeyHashing.Create("one", [FabricScopes.Read], _time.GetUtcNow(), null);
        File.WriteAllText(_file, JsonSerializer.Serialize(new ApiKeysFile([record, record with { Name = "two" }]), ApiKeysJsonContext.Default.ApiKeysFile));

        var error = Assert.Throws<InvalidOperationException>(() => ApiKeysFileReader.Read(_file));

        Assert.Contains($"has id '{record.Id}' twice", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_file);

    private ApiKeyStore Store() =>
        new(Options.Create(new GatewayAuthOptions { KeysFile = _file, KeysReloadInterval = Interval }), _time, NullLogger<ApiKeyStore>.Instance);

    private (ApiKeyRecord Record, string Key) Write(string name)
    {
        var created = ApiKeyHashing.Create(name, [FabricScopes.Inference], _time.GetUtcNow(), null);
        File.WriteAllText(_file, JsonSerializer.Serialize(new ApiKeysFile([created.Record]), ApiKeysJsonContext.Default.ApiKeysFile));
        return created;
    }
}
