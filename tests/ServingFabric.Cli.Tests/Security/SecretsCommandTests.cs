using Microsoft.AspNetCore.Builder;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Cli.Tests.Security;

/// <summary><c>fabric secrets status|audit</c> against a real silo whose admin key is a <c>file:</c> secret reference.</summary>
public sealed class SecretsCommandTests : IAsyncLifetime
{
    private const string AdminKey = "cli-secret-admin-key-4b1d9e";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sf-cli-secrets-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private Uri _address = null!;

    private string KeyFile => Path.Combine(_folder, "admin-key");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(KeyFile, AdminKey + "\n");
        (_app, _address) = await InProcessSilo.StartAsync(Path.Combine(_folder, "repository"), $"--ServingFabric:Gateway:AdminApiKey=file:{KeyFile}");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SecretsStatus_AdminKeyIsAFileReference_ShowsReferenceComponentAndVersionNotTheValue()
    {
        var (code, output, error) = await RunAsync(AdminKey, "secrets", "status");

        Assert.True(code == FabricCommand.Ok, error);
        Assert.Contains($"file:{KeyFile}", output, StringComparison.Ordinal);
        Assert.Contains("gateway.admin-key", output, StringComparison.Ordinal);
        Assert.Contains("File", output, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretsAudit_AfterStart_ListsTheStartupReadWithoutTheValue()
    {
        var (code, output, error) = await RunAsync(AdminKey, "secrets", "audit", "--limit", "50", "--output", "json");

        Assert.True(code == FabricCommand.Ok, error);
        Assert.Contains("\"operation\": \"read\"", output, StringComparison.Ordinal);
        Assert.Contains("\"component\": \"gateway.admin-key\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecretsStatus_WithoutKey_RefusedWith401Hint()
    {
        var (code, _, error) = await RunAsync(null, "secrets", "status");

        Assert.NotEqual(FabricCommand.Ok, code);
        Assert.Contains("401", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("2.5")]
    public async Task SecretsAudit_LimitOutOfRange_UsageError(string limit)
    {
        var (code, _, error) = await RunAsync(AdminKey, "secrets", "audit", "--limit", limit);

        Assert.NotEqual(FabricCommand.Ok, code);
        Assert.Contains("--limit must be a whole number from 1 to 1000", error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string? key, params string[] args)
    {
        using var http = new HttpClient();
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(_address.ToString(), key, null, TimeProvider.System, (_, _) => Task.CompletedTask, Interactive: false);
        var code = await FabricCommand.RunAsync(args, http, output, error, environment, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
