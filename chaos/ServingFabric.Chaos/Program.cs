using ServingFabric.Chaos.Cli;

// bash chaos/run.sh [chaos|outage|soak] [--minutes N] [--seconds N] [--seed S] [--rate R] [--out DIR]
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await ChaosCommand.RunAsync(args, Console.Out, cancel.Token);
