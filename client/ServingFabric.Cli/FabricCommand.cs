using System.Text.Json;
using ServingFabric.Cli.Rendering;

namespace ServingFabric.Cli;

/// <summary>Runs one fabric command against a gateway's management API and prints the answer.</summary>
internal static partial class FabricCommand
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    /// <summary>--watch: the release ended without being promoted (rolled back, aborted, inconclusive).</summary>
    public const int ReleaseNotPromoted = 3;

    /// <summary>--watch: --timeout passed while the release was still in progress.</summary>
    public const int WatchTimedOut = 4;

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
        CliCommand command;
        try
        {
            command = CliArguments.Parse(args, environment.Url, environment.ApiKey, environment.Actor);
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"fabric: {ex.Message}\n\n{CliArguments.Usage}");
            return UsageError;
        }

        var client = new GatewayClient(http, command);
        try
        {
            return await ExecuteAsync(command, client, output, environment, cancellationToken);
        }
        catch (FabricRequestException ex)
        {
            await error.WriteLineAsync($"fabric: {ex.Message}");
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

    private static async Task<int> ExecuteAsync(CliCommand command, GatewayClient client, TextWriter output, CliEnvironment environment, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case GetModelCommand get:
                await PrintAsync(client, output, $"v1/models/{Uri.EscapeDataString(get.Model)}", ModelView.Render, cancellationToken);
                return Ok;
            case ListEventsCommand list:
                var query = $"v1/events?after={list.After}" + (list.Model is { } m ? $"&model={Uri.EscapeDataString(m)}" : "");
                await PrintAsync(client, output, query, events => EventView.Render(events.GetProperty("events"), includeModel: true), cancellationToken);
                return Ok;
            case ListVersionsCommand versions:
                await PrintAsync(client, output, $"v1/models/{Uri.EscapeDataString(versions.Model)}/versions",
                    root => VersionsView.Render(root.GetProperty("versions").EnumerateArray()), cancellationToken);
                return Ok;
            case GetScalingCommand scaling:
                await PrintAsync(client, output, $"v1/models/{Uri.EscapeDataString(scaling.Model)}/scaling", AutoscalingView.Render, cancellationToken);
                return Ok;
            case GetExperimentCommand { Watch: true } watch:
                return await WatchAsync(watch, client, output, environment, cancellationToken);
            case GetExperimentCommand experiment:
                await PrintAsync(client, output, $"v1/models/{Uri.EscapeDataString(experiment.Model)}/experiment",
                    root => ReleaseView.Render(root, environment.Time.GetUtcNow()), cancellationToken);
                return Ok;
            case ChangeCommand change:
                using (var answer = await client.SendAsync(change.Method, change.Path, change.Body, cancellationToken))
                {
                    await output.WriteAsync(RenderAnswer(change.View, answer.RootElement, environment.Time.GetUtcNow()));
                }

                return Ok;
            default:
                await output.WriteLineAsync(CliArguments.Usage);
                return Ok;
        }
    }

    private static async Task PrintAsync(GatewayClient client, TextWriter output, string path, Func<JsonElement, string> render, CancellationToken cancellationToken)
    {
        using var answer = await client.GetAsync(path, cancellationToken);
        await output.WriteAsync(render(answer.RootElement));
    }

    private static string RenderAnswer(AnswerView view, JsonElement answer, DateTimeOffset now) => view switch
    {
        AnswerView.Model => ModelView.Render(answer),
        AnswerView.Version => $"registered version {ModelView.Str(answer, "version")} of model {ModelView.Str(answer, "model")}\n" + VersionsView.Render([answer]),
        AnswerView.Versions => VersionsView.Render(answer.GetProperty("versions").EnumerateArray()),
        AnswerView.Scaling => AutoscalingView.Render(answer),
        AnswerView.Rollback when ModelView.Str(answer, "action") == "default_rolled_back" =>
            $"model {ModelView.Str(answer, "model")}: no release was running, so the default version went back to {ModelView.Str(answer, "default_version")}\n\n"
            + VersionsView.Render(answer.GetProperty("versions").EnumerateArray()),
        AnswerView.Rollback => $"model {ModelView.Str(answer, "model")}: the running release was aborted; traffic is back on the control\n\n" + ReleaseView.Render(answer, now),
        _ => ReleaseView.Render(answer, now),
    };
}
