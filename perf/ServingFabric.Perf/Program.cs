using System.Diagnostics;
using ServingFabric.Perf.Cli;
using ServingFabric.Perf.Fabric;

// Ctrl+C stops the current run at its next window and still tears the silo down.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (args.Length > 0 && args[0] == SiloServeCommand.Name)
{
    return await SiloServeCommand.RunAsync(args[1..], Console.Out, cancel.Token);
}

// The load generator runs pinned to its own cores: this program starts itself again under taskset, once.
// Bad arguments are left to PerfCommand, which reports them with the usage.
var layout = TryParse(args)?.Cores ?? CoreLayout.Shared;
if (layout != CoreLayout.Shared && CoreSplit.FromEnvironment() is null && CoreSplit.Detect(force: layout == CoreLayout.Split) is { } split)
{
    var start = Taskset.ThisProgram(split.ClientList, args);
    start.Environment[CoreSplit.EnvironmentVariable] = split.Encoded;
    using var pinned = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
    await pinned.WaitForExitAsync(CancellationToken.None);
    return pinned.ExitCode;
}

return await PerfCommand.RunAsync(args, Console.Out, cancel.Token);

static PerfSettings? TryParse(string[] args)
{
    try
    {
        return PerfSettings.Parse(args, Directory.GetCurrentDirectory());
    }
    catch (ArgumentException)
    {
        return null;
    }
}
