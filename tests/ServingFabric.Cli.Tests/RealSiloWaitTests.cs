using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ServingFabric.Cli.Tests;

/// <summary>--wait against a real in-process silo: fabric returns once the fabric has done what was asked.</summary>
public sealed class RealSiloWaitTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task ScalingSet_WaitForTwoReplicas_FinishesWhenBothServe()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(silo.Address.ToString(), null, "cli-test", TimeProvider.System, Task.Delay, Interactive: false);

        var code = await FabricCommand.RunAsync(
            ["scaling", "set", "iris", "--min", "2", "--max", "2", "--wait", "--timeout", "90", "--reason", "cli wait test"],
            http, output, error, environment, CancellationToken.None);

        Assert.True(code == FabricCommand.Ok, $"exit {code}: {error}\n{output}");
        var last = output.ToString().TrimEnd('\n').Split('\n')[^1];
        var progress = Regex.Match(last, @"^model iris: (\d+) of (\d+) wanted replicas serving$");
        Assert.True(progress.Success, last);
        Assert.Equal(progress.Groups[2].Value, progress.Groups[1].Value);
        var scaling = JsonNode.Parse(await http.GetStringAsync(new Uri(silo.Address, "v1/models/iris/scaling")))!;
        Assert.Equal(2, scaling["settings"]!["min_replicas"]!.GetValue<int>());
        Assert.All(scaling["serving_by_version"]!.AsObject(), version => Assert.True(version.Value!.GetValue<int>() >= 2, version.Key));
    }
}
