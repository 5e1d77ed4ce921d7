using System.CommandLine;
using System.CommandLine.Completions;
using System.Text.Json;
using ServingFabric.Cli.Rendering;
using ServingFabric.Client;
using ServingFabric.Gpu.Probe;
using Spectre.Console;

namespace ServingFabric.Cli;

/// <summary>Runs one fabric command against a gateway's management API and prints the answer.</summary>
internal static partial class FabricCommand
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    /// <summary>--watch or --wait: the release ended without being promoted (rolled back, aborted, inconclusive).</summary>
    public const int ReleaseNotPromoted = 3;

    /// <summary>--watch or --wait: --timeout passed while the release or rollout was still in progress.</summary>
    public const int WatchTimedOut = 4;

    /// <summary>gpu probe: no GPUs (no NVIDIA driver, NVML failed, or no devices); the output says which. Same as <see cref="GpuProbe.NoGpus"/>.</summary>
    public const int NoGpus = GpuProbe.NoGpus;

    /// <summary>Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static Task<int> RunAsync(IReadOnlyList<string> args, HttpClient http, TextWriter output, TextWriter error, string? urlFromEnvironment) =>
        RunAsync(args, http, output, error, CliEnvironment.WithUrl(urlFromEnvironment), CancellationToken.None);

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, HttpClient http, TextWriter output, TextWriter error, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(environment);
        var commandLine = new FabricCommandLine();
        var parse = commandLine.Root.Parse(args);
        if (commandLine.Root.Directives.OfType<SuggestDirective>().Any(d => parse.GetResult(d) is not null))
        {
            // [suggest:N] "fabric ver": the shell asks what may come next; System.CommandLine answers from the command tree.
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        }

        CliCommand command;
        try
        {
            command = commandLine.Parse(args, environment.Url, environment.ApiKey, environment.Actor, environment.ApiKeyFile);
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"fabric: {ex.Message}\n\n{UsageOf(parse.CommandResult.Command)}");
            return UsageError;
        }

        var console = FabricConsole.Create(output, environment.Interactive);
        if (command is KeysCommand keys)
        {
            // The keys file is local: no gateway, no credential.
            return await KeysAsync(keys, console, output, error, environment.Time);
        }

        if (command is GpuProbeCommand gpuProbe)
        {
            // The GPUs are this machine's, read through the NVIDIA driver: no gateway, no credential.
            return await GpuProbeAsync(gpuProbe, output, environment, cancellationToken);
        }

        if (command is UploadVersionCommand upload)
        {
            // The blob container is the repository: the silos find the version there, the gateway is not asked.
            return await BlobVersionUpload.RunAsync(upload, output, error, cancellationToken);
        }

        if (command is ComplianceVerifyCommand compliance)
        {
            // The audit reads many endpoints with its own bounded client, and writes a bundle: not one management call.
            return await ComplianceAsync(compliance, http, output, error, cancellationToken);
        }

        if (command is InferCommand infer)
        {
            // Inference goes through the SDK's transports, not the management API.
            return await InferAsync(infer, http, console, output, error, environment, cancellationToken);
        }

        var client = new HttpFabricManagementClient(http, new FabricManagementClientOptions
        {
            BaseAddress = command.Url,
            ApiKey = command.ApiKey,
            ApiKeyFile = command.ApiKeyFile,
            Actor = command.Actor,
            Timeout = http.Timeout,
        });
        var api = new TypedManagementApi(client, command);
        try
        {
            return await ExecuteAsync(command, new Session(commandLine, api, console, output, environment), cancellationToken);
        }
        catch (FabricRequestException ex)
        {
            await error.WriteLineAsync($"fabric: {ex.Message}");
            return Failed;
        }
        catch (FabricCredentialException ex)
        {
            // Names --api-key-file's file and what is wrong with it; never the key.
            await error.WriteLineAsync($"fabric: {ex.Message.Replace("FabricManagementClientOptions.ApiKeyFile", $"--api-key-file (or {FabricCommandLine.ApiKeyFileVariable})", StringComparison.Ordinal)}");
            return Failed;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"fabric: cannot reach {command.Url} ({ex.Message}); is a gateway running there? Set --gateway or FABRIC_URL.");
            return Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("fabric: interrupted; a release being watched goes on (fabric experiment get shows it)");
            return Interrupted;
        }
        catch (TaskCanceledException)
        {
            await error.WriteLineAsync($"fabric: {command.Url} did not answer within {http.Timeout.TotalSeconds:0} s");
            return Failed;
        }
    }

    private static async Task<int> ExecuteAsync(CliCommand command, Session session, CancellationToken cancellationToken)
    {
        var now = session.Environment.Time.GetUtcNow();
        switch (command)
        {
            case GetModelCommand get:
                return await PrintAsync(session, command, session.Api.GetModelAsync(get.Model, cancellationToken), ModelView.Write);
            case ListEventsCommand { Follow: true } follow:
                return await FollowAsync(follow, session, cancellationToken);
            case ListEventsCommand list:
                return await PrintAsync(session, command, session.Api.ListEventsAsync(list.Model, list.After, cancellationToken),
                    (console, events) => EventView.Write(console, events.GetProperty("events"), includeModel: true));
            case ListVersionsCommand versions:
                return await PrintAsync(session, command, session.Api.ListVersionsAsync(versions.Model, cancellationToken),
                    (console, root) => VersionsView.Write(console, root.GetProperty("versions").EnumerateArray()));
            case GetScalingCommand scaling:
                return await PrintAsync(session, command, session.Api.GetScalingAsync(scaling.Model, cancellationToken), AutoscalingView.Write);
            case SecretsStatusCommand:
                return await PrintAsync(session, command, session.Api.GetSecretsAsync(cancellationToken), (console, root) => SecretsView.WriteStatus(console, root, now));
            case SecretsAuditCommand audit:
                return await PrintAsync(session, command, session.Api.GetSecretAuditAsync(audit.Limit, cancellationToken), SecretsView.WriteAudit);
            case GetExperimentCommand { Watch: true } watch:
                return await WatchAsync(watch, session, cancellationToken);
            case GetExperimentCommand experiment:
                return await PrintAsync(session, command, session.Api.GetExperimentAsync(experiment.Model, cancellationToken),
                    (console, root) => ReleaseView.Write(console, root, now));
            case ChangeCommand change:
                return await ChangeAsync(change, session, cancellationToken);
            case OptimizeModelCommand optimize:
                return await OptimizeAsync(optimize, session, cancellationToken);
            case CompletionScriptCommand completion:
                await session.Output.WriteLineAsync(CompletionScript.For(completion.Shell));
                return Ok;
            case HelpCommand help:
                HelpTopics.Write(session.CommandLine, help.Topic, session.Output);
                return Ok;
            default:
                HelpTopics.Write(session.CommandLine, null, session.Output);
                return Ok;
        }
    }

    private static async Task<int> ChangeAsync(ChangeCommand change, Session session, CancellationToken cancellationToken)
    {
        using var answer = change.View == AnswerView.Version && session.Console.Profile.Capabilities.Interactive
            ? await session.Console.Status().StartAsync("importing the artifact on the gateway (copy, SHA-256 check, register)",
                _ => session.Api.ChangeAsync(change, cancellationToken))
            : await session.Api.ChangeAsync(change, cancellationToken);
        if (change.Output == OutputFormat.Json)
        {
            await JsonOutput.WriteAsync(session.Output, answer.RootElement);
        }
        else
        {
            ChangeView.Write(session.Console, change.View, answer.RootElement, session.Environment.Time.GetUtcNow());
        }

        return change.Wait is { } target ? await WaitAsync(change, target, session, cancellationToken) : Ok;
    }

    private static async Task<int> PrintAsync(Session session, CliCommand command, Task<JsonDocument> request, Action<IAnsiConsole, JsonElement> view)
    {
        using var answer = await request;
        if (command.Output == OutputFormat.Json)
        {
            await JsonOutput.WriteAsync(session.Output, answer.RootElement);
        }
        else
        {
            view(session.Console, answer.RootElement);
        }

        return Ok;
    }

    private static string UsageOf(Command command) => command is LeafCommand leaf
        ? $"usage: {$"fabric {leaf.Path} {leaf.Placeholders}".TrimEnd()} [options]; 'fabric help {leaf.Path}' shows its options\nexample: {leaf.Example}"
        : "usage: fabric <command> [options]; 'fabric help' lists every command";
}
