using System.Text.Json;
using ServingFabric.Compliance.Collection;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Models;

namespace ServingFabric.Compliance.Drills;

/// <summary>Reads a model's operator view (<c>GET /v1/models/{name}</c>) during a drill, on a timer, until the drill stops it.</summary>
internal sealed class ModelViewSampler(FabricHttp http, string model, TimeSpan interval)
{
    /// <summary>The view now; null when the gateway did not answer it (a drill goes on through a failing gateway).</summary>
    public async Task<ModelResponse?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var answer = await http.GetAsync($"/v1/models/{Uri.EscapeDataString(model)}", cancellationToken);
            return answer.Ok ? JsonSerializer.Deserialize(answer.Body, ManagementJsonContext.Default.ModelResponse) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidDataException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>Calls <paramref name="observe"/> with each view read until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(Action<ModelResponse> observe, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                if (await ReadAsync(cancellationToken) is { } view)
                {
                    observe(view);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The drill ended: sampling ends with it.
        }
    }
}
