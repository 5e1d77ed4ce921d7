using ServingFabric.Cli;

// fabric models get <name> [--url URL] | fabric events [--model NAME] [--after SEQ] [--url URL]
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
return await FabricCommand.RunAsync(args, http, Console.Out, Console.Error, Environment.GetEnvironmentVariable(CliArguments.UrlVariable));
