using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Cli.Tests.Keys;

/// <summary>fabric keys create, list and revoke through a real keys file, as the gateway reads it.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("sf-keys-").FullName;
    private readonly FakeTimeProvider _clock = new(Start);

    public KeysCommandTests()
    {
        KeysFilePath = Path.Combine(_folder, "keys.json");
    }

    private string KeysFilePath { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Create_NewFile_AppendsRecordAndPrintsAKeyThatVerifies()
    {
        var (code, output, error) = await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "fraud-scorer", "--scope", "inference:fraud-*", "--scope", "feedback", "--expires", "90d");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Empty(error);
        var record = Assert.Single(ReadFile().Keys);
        var key = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(ApiKeyHashing.Prefix, StringComparison.Ordinal));
        Assert.True(ApiKeyHashing.TryParse(key, out var id, out var secret));
        Assert.Equal(record.Id, id);
        Assert.True(ApiKeyHashing.Verify(record, secret));
        Assert.Equal("fraud-scorer", record.Name);
        Assert.Equal(["inference:fraud-*", "feedback"], record.Scopes);
        Assert.Equal(Start, record.CreatedAt);
        Assert.Equal(Start.AddDays(90), record.ExpiresAt);
        Assert.Null(record.RevokedAt);
        Assert.StartsWith($"created key {id} for fraud-scorer in {KeysFilePath}: scopes inference:fraud-*,feedback; expires 2027-03-04 10:00:00 (utc)\n", output, StringComparison.Ordinal);
        Assert.Contains("This key is shown only now", output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(KeysFilePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OnUnix_FileIsReadableByOwnerOnly()
    {
        Assert.Equal(FabricCommand.Ok, (await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "a", "--scope", "read")).Code);
        Assert.Equal(FabricCommand.Ok, (await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "b", "--scope", "read")).Code);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeysFilePath));
        }

        // Only the keys file is left: no temporary file, no lock file.
        Assert.Equal(["keys.json"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal(["a", "b"], ReadFile().Keys.Select(k => k.Name));
    }

    [Fact]
    public async Task CreateListRevoke_RoundTrip_ShowsStatusAndKeepsTheRevokedRecord()
    {
        await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "scorer", "--scope", "inference", "--expires", "1h");
        await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "ops", "--scope", "manage", "--scope", "read");
        await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "old", "--scope", "read", "--expires", "2027-03-01");
        var ids = ReadFile().Keys.Select(k => k.Id).ToArray();

        var (revokeCode, revokeOutput, _) = await RunAsync("keys", "revoke", "--file", KeysFilePath, "ops");
        _clock.Advance(TimeSpan.FromHours(2));
        var (code, output, error) = await RunAsync("keys", "list", "--file", KeysFilePath);

        Assert.Equal(FabricCommand.Ok, revokeCode);
        Assert.Equal($"revoked key {ids[1]} (ops); gateways refuse it once they reload '{KeysFilePath}' (ServingFabric:Gateway:Auth:KeysReloadInterval)\n", revokeOutput);
        Assert.Equal(FabricCommand.Ok, code);
        Assert.Empty(error);
        Assert.Equal(
            "ID                NAME    SCOPES       CREATED (UTC)        EXPIRES (UTC)        STATUS\n" +
            $"{ids[0]}  scorer  inference    2026-12-04 10:00:00  2026-12-04 11:00:00  expired\n" +
            $"{ids[1]}  ops     manage,read  2026-12-04 10:00:00  never                revoked\n" +
            $"{ids[2]}  old     read         2026-12-04 10:00:00  2027-03-01 00:00:00  active\n",
            output);
        Assert.Equal(Start, ReadFile().Keys[1].RevokedAt);
    }

    [Fact]
    public async Task List_OutputJson_HasStatusButNeverSaltOrHash()
    {
        await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "scorer", "--scope", "inference");

        var (code, output, _) = await RunAsync("keys", "list", "--file", KeysFilePath, "--output", "json");

        Assert.Equal(FabricCommand.Ok, code);
        using var json = JsonDocument.Parse(output);
        var key = Assert.Single(json.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(["id", "name", "scopes", "created_at", "expires_at", "revoked_at", "status"], key.EnumerateObject().Select(p => p.Name));
        Assert.Equal("active", key.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Create_OutputJson_PrintsTheKeyInJsonAndTheNoteOnError()
    {
        var (code, output, error) = await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "scorer", "--scope", "inference", "-o", "json");

        Assert.Equal(FabricCommand.Ok, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(ApiKeyHashing.TryParse(json.RootElement.GetProperty("key").GetString(), out _, out var secret));
        Assert.True(ApiKeyHashing.Verify(Assert.Single(ReadFile().Keys), secret));
        Assert.Equal("fabric: the key is shown only now; the keys file keeps only a salted hash of it\n", error);
    }

    [Fact]
    public async Task Create_ActiveKeyWithTheSameName_RefusesUnlessAllowed()
    {
        await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "scorer", "--scope", "inference");
        var id = ReadFile().Keys[0].Id;

        var (code, _, error) = await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "scorer", "--scope", "inference");
        var (allowedCode, _, _) = await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "scorer", "--scope", "inference", "--allow-duplicate-name");

        Assert.Equal(FabricCommand.Failed, code);
        Assert.StartsWith($"fabric: an active key named 'scorer' is in '{KeysFilePath}' already (id {id}); revoke it first", error, StringComparison.Ordinal);
        Assert.Equal(FabricCommand.Ok, allowedCode);
        Assert.Equal(2, ReadFile().Keys.Count);
    }

    [Theory]
    [InlineData("--scope everything", "fabric: --scope 'everything' is not a scope; give one of inference, read, manage, faults, feedback, metrics, optionally narrowed to model names as in --scope inference:fraud-*")]
    [InlineData("--scope inference --expires soon", "fabric: --expires 'soon' is neither a lifetime nor a date; give one such as --expires 90d, --expires 12h or --expires 2027-03-01")]
    [InlineData("--scope inference --expires 2026-01-01", "fabric: --expires 2026-01-01 00:00:00 (utc) is not in the future; give a later date or a lifetime such as --expires 90d")]
    [InlineData("", "fabric: 'fabric keys create' needs --scope, as in --scope inference:fraud-*")]
    public async Task Create_BadArguments_UsageErrorAndNoFile(string arguments, string message)
    {
        var (code, _, error) = await RunAsync(["keys", "create", "--file", KeysFilePath, "--name", "scorer", .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        Assert.Equal(FabricCommand.UsageError, code);
        Assert.StartsWith(message + "\n", error, StringComparison.Ordinal);
        Assert.False(File.Exists(KeysFilePath));
    }

    [Fact]
    public async Task Revoke_UnknownKey_FailsSayingHowToListKeys()
    {
        await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "scorer", "--scope", "inference");
        var before = await File.ReadAllTextAsync(KeysFilePath);

        var (code, _, error) = await RunAsync("keys", "revoke", "--file", KeysFilePath, "0000000000000000");

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Equal($"fabric: no key with id or name '0000000000000000' in '{KeysFilePath}' (revoked keys are found by id only); 'fabric keys list --file {KeysFilePath}' shows the keys\n", error);
        Assert.Equal(before, await File.ReadAllTextAsync(KeysFilePath));
    }

    [Fact]
    public async Task Revoke_AlreadyRevoked_SucceedsWithoutChange()
    {
        await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "scorer", "--scope", "inference");
        var id = ReadFile().Keys[0].Id;
        await RunAsync("keys", "revoke", "--file", KeysFilePath, id);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var (code, output, _) = await RunAsync("keys", "revoke", "--file", KeysFilePath, id);

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Equal($"key {id} (scorer) was revoked already at 2026-12-04 10:00:00 (utc); nothing changed\n", output);
        Assert.Equal(Start, ReadFile().Keys[0].RevokedAt);
    }

    [Theory]
    [InlineData("{\"keys\": [", "'{0}' is not a valid keys file: ")]
    [InlineData("{\"keys\": [], \"admins\": []}", "'{0}' is not a valid keys file: The JSON property 'admins' could not be mapped")]
    [InlineData("{\"keys\": [{\"id\": \"a\", \"name\": \"n\", \"scopes\": [\"root\"], \"salt\": \"s\", \"hash\": \"h\", \"created_at\": \"2026-01-01T00:00:00Z\"}]}",
        "'{0}' is not a valid keys file: keys[0] has the unknown scope 'root' (known: inference, read, manage, faults, feedback, metrics). Fix it")]
    public async Task List_BadFile_FailsNamingTheFileAndTheProblem(string content, string message)
    {
        await File.WriteAllTextAsync(KeysFilePath, content);

        var (code, _, error) = await RunAsync("keys", "list", "--file", KeysFilePath);
        var (createCode, _, _) = await RunAsync("keys", "create", "--file", KeysFilePath, "--name", "scorer", "--scope", "inference");

        Assert.Equal(FabricCommand.Failed, code);
        Assert.StartsWith("fabric: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, message, KeysFilePath), error, StringComparison.Ordinal);
        Assert.Equal(FabricCommand.Failed, createCode);
        Assert.Equal(content, await File.ReadAllTextAsync(KeysFilePath));
    }

    [Fact]
    public async Task List_NoFile_FailsSayingHowToMakeOne()
    {
        var (code, _, error) = await RunAsync("keys", "list", "--file", KeysFilePath);

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Equal($"fabric: there is no keys file at '{KeysFilePath}'; make one with: fabric keys create --file {KeysFilePath} --name NAME --scope SCOPE\n", error);
    }

    private ApiKeysFile ReadFile() =>
        JsonSerializer.Deserialize(File.ReadAllBytes(KeysFilePath), ApiKeysJsonContext.Default.ApiKeysFile)!;

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        // No request may leave: keys commands work on the file only.
        using var http = new HttpClient(new RecordingHandler());
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(null, null, null, _clock, (_, _) => Task.CompletedTask, Interactive: false);
        var code = await FabricCommand.RunAsync(args, http, output, error, environment, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
