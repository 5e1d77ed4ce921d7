using System.Net;
using System.Text.Json;
using ServingFabric.Cli.Rendering;

namespace ServingFabric.Cli;

/// <summary>Runs one fabric command against a gateway's operator API and prints the answer.</summary>
internal static class FabricCommand
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, HttpClient http, TextWriter output, TextWriter error, string? urlFromEnvironment)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        CliCommand command;
        try
        {
            command = CliArguments.Parse(args, urlFromEnvironment);
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"fabric: {ex.Message}\n\n{CliArguments.Usage}");
            return UsageError;
        }

        try
        {
            switch (command)
            {
                case GetModelCommand get:
                    using (var model = await GetJsonAsync(http, new Uri(get.Url, $"v1/models/{Uri.EscapeDataString(get.Model)}")))
                    {
                        await output.WriteAsync(ModelView.Render(model.RootElement));
                    }

                    break;
                case ListEventsCommand list:
                    var query = $"v1/events?after={list.After}" + (list.Model is { } m ? $"&model={Uri.EscapeDataString(m)}" : "");
                    using (var events = await GetJsonAsync(http, new Uri(list.Url, query)))
                    {
                        await output.WriteAsync(EventView.Render(events.RootElement.GetProperty("events"), includeModel: true));
                    }

                    break;
                default:
                    await output.WriteLineAsync(CliArguments.Usage);
                    break;
            }

            return Ok;
        }
        catch (FabricRequestException ex)
        {
            await error.WriteLineAsync($"fabric: {ex.Message}");
            return Failed;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"fabric: cannot reach {command.Url} ({ex.Message}); is a gateway running there? Set --url or FABRIC_URL.");
            return Failed;
        }
        catch (TaskCanceledException)
        {
            await error.WriteLineAsync($"fabric: {command.Url} did not answer within {http.Timeout.TotalSeconds:0} s");
            return Failed;
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, Uri url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new FabricRequestException($"{url.AbsolutePath} answered {(int)response.StatusCode}: {ErrorOf(body)}");
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new FabricRequestException($"{url.AbsolutePath} answered something that is not JSON ({ex.Message}); is --url a ServingFabric gateway?");
        }
    }

    private static string ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}
