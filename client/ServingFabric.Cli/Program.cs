using ServingFabric.Cli;

// fabric <command> [options]; 'fabric help' lists the commands.
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops a watch cleanly; the process exits through the normal path with code 130.
    e.Cancel = true;
    interrupted.Cancel();
};
return await FabricCommand.RunAsync(args, http, Console.Out, Console.Error, CliEnvironment.FromProcess(), interrupted.Token);
