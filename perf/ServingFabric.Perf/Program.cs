using ServingFabric.Perf.Cli;

// Ctrl+C stops the current run at its next window and still tears the silo down.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await PerfCommand.RunAsync(args, Console.Out, cancel.Token);
