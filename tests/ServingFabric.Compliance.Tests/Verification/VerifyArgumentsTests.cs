using ServingFabric.Cli;

namespace ServingFabric.Compliance.Tests.Verification;

public sealed class VerifyArgumentsTests
{
    [Theory]
    [InlineData("--drills", "load,chaos")]
    [InlineData("--load-rate", "5000")]
    [InlineData("--prometheus", "ftp://prometheus")]
    public async Task RunAsync_BadOption_IsAUsageErrorNamingIt(string option, string value)
    {
        var error = new StringWriter();

        var exit = await FabricCommand.RunAsync(["compliance", "verify", "--out", "evidence", option, value], new HttpClient(), new StringWriter(), error, "http://127.0.0.1:1");

        Assert.Equal(FabricCommand.UsageError, exit);
        Assert.Contains(option, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithoutOut_IsAUsageErrorAskingForIt()
    {
        var error = new StringWriter();

        var exit = await FabricCommand.RunAsync(["compliance", "verify"], new HttpClient(), new StringWriter(), error, "http://127.0.0.1:1");

        Assert.Equal(FabricCommand.UsageError, exit);
        Assert.Contains("--out", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CredentialsFileMissing_IsAUsageErrorWithoutCallingTheFabric()
    {
        var error = new StringWriter();
        var missing = Path.Combine(Path.GetTempPath(), "sf-no-such-key-" + Guid.NewGuid().ToString("N"));

        var exit = await FabricCommand.RunAsync(["compliance", "verify", "--credentials", missing, "--out", "evidence"], new HttpClient(), new StringWriter(), error, "http://127.0.0.1:1");

        Assert.Equal(FabricCommand.UsageError, exit);
        Assert.Contains("does not exist", error.ToString(), StringComparison.Ordinal);
    }
}
