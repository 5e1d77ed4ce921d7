using System.Globalization;
using ServingFabric.Perf.Fabric;

namespace ServingFabric.Perf.Cli;

/// <summary>
/// <c>serve-silo --repository DIR --response-cache on|off</c>: the child mode <see cref="SiloProcess"/> starts. Runs
/// the benchmark silo, prints <c>ready &lt;http address&gt; &lt;gateway port&gt; &lt;grpc address&gt;</c> once it is ready, and stops when
/// its standard input closes (the harness is done, or gone).
/// </summary>
internal static class SiloServeCommand
{
    public const string Name = "serve-silo";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        string? repository = null;
        bool? responseCache = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--repository" when i + 1 < args.Count:
                    repository = args[++i];
                    break;
                case "--response-cache" when i + 1 < args.Count:
                    responseCache = args[++i] switch
                    {
                        "on" => true,
                        "off" => false,
                        _ => null,
                    };
                    break;
                default:
                    await output.WriteLineAsync($"{Name}: unexpected argument '{args[i]}'");
                    return 2;
            }
        }

        if (repository is null || responseCache is null)
        {
            await output.WriteLineAsync($"usage: {Name} --repository DIR --response-cache on|off");
            return 2;
        }

        await using var silo = await PerfSilo.StartAsync(repository, responseCache.Value, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{SiloProcess.ReadyPrefix}{silo.HttpAddress} {silo.GatewayPort} {silo.GrpcAddress}"));
        await output.FlushAsync(cancellationToken);

        // Reads until the parent closes the pipe (or dies): then the silo stops gracefully.
        var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (await stdin.ReadAsync(buffer, cancellationToken) > 0)
        {
        }

        return 0;
    }
}
