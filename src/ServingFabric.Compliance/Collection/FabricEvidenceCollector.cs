using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ServingFabric.Compliance.Evidence;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Events;
using ServingFabric.Contracts.Models;
using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Compliance.Collection;

/// <summary>
/// Reads the live fabric: health, every model's operator view, metadata and release, the event log, secrets and their
/// audit, /metrics, anonymous access and the TLS handshake. Each source that fails is recorded as unavailable with why.
/// </summary>
internal sealed class FabricEvidenceCollector(FabricHttp http, IProgress<string> progress)
{
    public const int MaxModels = 200;

    public async Task<FabricEvidence> CollectAsync(CancellationToken cancellationToken)
    {
        progress.Report($"reading the fabric at {http.BaseAddress}");
        var liveness = await ObserveAsync("/v2/health/live", cancellationToken);
        var readiness = await ObserveAsync("/v2/health/ready", cancellationToken);
        var names = await ReadAsync<IReadOnlyList<string>>("POST /v2/repository/index", () => http.PostAsync("/v2/repository/index", "{}", cancellationToken), ModelNames);
        var models = await PerModelAsync(names, "GET /v1/models/{name}", name => $"/v1/models/{name}", body => JsonSerializer.Deserialize(body, ManagementJsonContext.Default.ModelResponse), cancellationToken);
        var metadata = await PerModelAsync(names, "GET /v2/models/{name}", name => $"/v2/models/{name}", ModelMetadataJson.Parse, cancellationToken);
        var releases = await PerModelAsync(names, "GET /v1/models/{name}/experiment", name => $"/v1/models/{name}/experiment",
            body => JsonSerializer.Deserialize(body, ManagementJsonContext.Default.ExperimentResponse), cancellationToken, absentIs404: true);
        progress.Report("reading the event log, secrets and metrics");
        var events = await GetAsync<IReadOnlyList<EventResponse>>("/v1/events", body => Deserialize(body, ManagementJsonContext.Default.EventsResponse).Events, cancellationToken);
        var secrets = await GetAsync("/v1/secrets", body => Deserialize(body, ManagementJsonContext.Default.SecretStatusResponse), cancellationToken);
        var audit = await GetAsync("/v1/audit/secrets?limit=100", body => Deserialize(body, ManagementJsonContext.Default.SecretAuditResponse), cancellationToken);
        var metrics = await GetAsync("/metrics", MetricsSnapshot.Parse, cancellationToken);
        var anonymous = await AnonymousAsync(names.Value is [var first, ..] ? first : "iris", cancellationToken);
        var tls = await TlsHandshakeProbe.ObserveAsync(http.BaseAddress, cancellationToken);
        return new FabricEvidence(http.BaseAddress, liveness, readiness,
            Map(models, d => (IReadOnlyList<ModelResponse>)[.. d.Values]), metadata, releases, events, secrets, audit, metrics, anonymous, tls);
    }

    private async Task<Sourced<HttpObservation>> ObserveAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await http.GetAsync(path, cancellationToken, anonymous: true);
            return Sourced.Read($"GET {path}", new HttpObservation(answer.Request, answer.Status, answer.Excerpt));
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            return Sourced.Unavailable<HttpObservation>($"GET {path}", ex.Message);
        }
    }

    private async Task<Sourced<IReadOnlyList<HttpObservation>>> AnonymousAsync(string model, CancellationToken cancellationToken)
    {
        var escaped = Uri.EscapeDataString(model);
        var observations = new List<HttpObservation>();
        try
        {
            foreach (var answer in new[]
            {
                await http.GetAsync($"/v1/models/{escaped}", cancellationToken, anonymous: true),
                await http.PostAsync($"/v2/models/{escaped}/infer", """{"inputs":[]}""", cancellationToken, anonymous: true),
                await http.GetAsync("/v1/secrets", cancellationToken, anonymous: true),
                await http.GetAsync("/metrics", cancellationToken, anonymous: true),
            })
            {
                observations.Add(new HttpObservation(answer.Request, answer.Status, answer.Excerpt));
            }

            return Sourced.Read<IReadOnlyList<HttpObservation>>("calls without credentials", observations);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            return Sourced.Unavailable<IReadOnlyList<HttpObservation>>("calls without credentials", ex.Message);
        }
    }

    private Task<Sourced<T>> GetAsync<T>(string path, Func<string, T> parse, CancellationToken cancellationToken)
        where T : class => ReadAsync($"GET {path}", () => http.GetAsync(path, cancellationToken), parse);

    private async Task<Sourced<IReadOnlyDictionary<string, T>>> PerModelAsync<T>(
        Sourced<IReadOnlyList<string>> names, string source, Func<string, string> path, Func<string, T?> parse, CancellationToken cancellationToken, bool absentIs404 = false)
        where T : class
    {
        if (!names.IsAvailable)
        {
            return Sourced.Unavailable<IReadOnlyDictionary<string, T>>(source, $"no model list ({names.Missing})");
        }

        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var name in names.Value)
        {
            var read = await ReadAsync($"GET {path(name)}", () => http.GetAsync(path(Uri.EscapeDataString(name)), cancellationToken), parse, absentIs404: absentIs404);
            if (read.Value is { } value)
            {
                found[name] = value;
            }
            else if (!(absentIs404 && read.Missing!.EndsWith("absent", StringComparison.Ordinal)))
            {
                return Sourced.Unavailable<IReadOnlyDictionary<string, T>>(source, read.Missing!);
            }
        }

        return Sourced.Read<IReadOnlyDictionary<string, T>>(source, found);
    }

    private static async Task<Sourced<T>> ReadAsync<T>(string source, Func<Task<FabricAnswer>> call, Func<string, T?> parse, bool absentIs404 = false)
        where T : class
    {
        try
        {
            var answer = await call();
            if (absentIs404 && answer.Status == 404)
            {
                return Sourced.Unavailable<T>(source, "absent");
            }

            return !answer.Ok
                ? Sourced.Unavailable<T>(source, answer.Failure)
                : parse(answer.Body) is { } value ? Sourced.Read(source, value) : Sourced.Unavailable<T>(source, "answered null");
        }
        catch (Exception ex) when (IsTransportFailure(ex) || ex is JsonException or InvalidDataException or NotSupportedException)
        {
            return Sourced.Unavailable<T>(source, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static IReadOnlyList<string> ModelNames(string body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        return [.. document.RootElement.EnumerateArray()
            .Select(e => e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null)
            .OfType<string>().Where(n => n.Length is > 0 and <= 256).Distinct(StringComparer.Ordinal).Take(MaxModels)];
    }

    private static T Deserialize<T>(string body, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(body, type) ?? throw new JsonException($"{typeof(T).Name} was null");

    private static Sourced<TOut> Map<TIn, TOut>(Sourced<TIn> source, Func<TIn, TOut> map)
        where TIn : class
        where TOut : class => source.Value is { } value ? Sourced.Read(source.Source, map(value)) : Sourced.Unavailable<TOut>(source.Source, source.Missing!);

    private static bool IsTransportFailure(Exception ex) => ex is HttpRequestException or TaskCanceledException or IOException;
}
