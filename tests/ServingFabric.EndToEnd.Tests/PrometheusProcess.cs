using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServingFabric.Tests.Shared;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>One series of a range query: its labels and (unix seconds, value) points.</summary>
internal sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(double Time, double Value)> Points);

/// <summary>
/// Debian's Prometheus server (package <c>prometheus</c>, installed by tests/run.sh) as a child process on a free
/// loopback port, in its own temp folder, scraping the given targets every second and evaluating
/// deploy/monitoring's rules every second. Only this process is ever killed.
/// </summary>
internal sealed partial class PrometheusProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly ConcurrentQueue<string> _output = new();

    private PrometheusProcess(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// Starts the server scraping <paramref name="targets"/> (host:port) and waits until it has scraped every one of
    /// them: Prometheus hands new targets to its scrapers only every 5 s, so "ready" comes seconds before the first scrape.
    /// </summary>
    public static async Task<PrometheusProcess> StartAsync(IReadOnlyCollection<string> targets, TimeSpan limit)
    {
        var folder = Directory.CreateTempSubdirectory("sf-prometheus-").FullName;
        // The rules as they are, but evaluated every second: the SLI group's own 30 s interval would leave a short
        // test waiting up to a minute for its first records.
        var rules = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "monitoring", "rules", "servingfabric.rules.yml"));
        File.WriteAllText(Path.Combine(folder, "rules.yml"), GroupInterval().Replace(rules, "${indent}interval: 1s"));
        File.WriteAllText(Path.Combine(folder, "prometheus.yml"), $$"""
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            rule_files: [ rules.yml ]
            scrape_configs:
              - job_name: servingfabric
                static_configs:
                  - targets: [ {{string.Join(", ", targets.Select(t => $"'{t}'"))}} ]
            """);

        var address = new Uri($"http://127.0.0.1:{FreePorts.Take(1)[0]}");
        var start = new ProcessStartInfo(Find())
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "--config.file=prometheus.yml", "--storage.tsdb.path=data", $"--web.listen-address={address.Authority}", "--log.level=warn"])
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var prometheus = new PrometheusProcess(process, folder, address);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { prometheus._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { prometheus._output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await prometheus.WaitUntilReadyAsync(limit, async () => (await prometheus.QueryAsync("count(up == 1)")).First == targets.Count);
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }

        return prometheus;
    }

    /// <summary>An instant query at now: how many series (or 1 for a scalar) it returned, and the first value.</summary>
    public async Task<(int Count, double? First)> QueryAsync(string expr)
    {
        using var json = await GetAsync($"/api/v1/query?query={Uri.EscapeDataString(expr)}");
        var data = json.RootElement.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" or "matrix" => (result.GetArrayLength(), result.GetArrayLength() == 0 ? null : Number(result[0].GetProperty("value")[1])),
            _ => (1, Number(result[1])),
        };
    }

    /// <summary>A range query from <paramref name="start"/> to <paramref name="end"/>, one point per <paramref name="step"/>.</summary>
    public async Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(string expr, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"/api/v1/query_range?query={Uri.EscapeDataString(expr)}&start={start.ToUnixTimeMilliseconds() / 1000.0}&end={end.ToUnixTimeMilliseconds() / 1000.0}&step={step.TotalSeconds}");
        using var json = await GetAsync(query);
        return json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(series => new PrometheusSeries(
            series.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!, StringComparer.Ordinal),
            series.GetProperty("values").EnumerateArray().Select(p => (p[0].GetDouble(), Number(p[1]))).ToList())).ToList();
    }

    private async Task<JsonDocument> GetAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(new Uri(Address, pathAndQuery));
        var body = await response.Content.ReadAsStringAsync();
        // A bad query is a 400 with Prometheus' reason: the assertion shows it.
        return response.IsSuccessStatusCode ? JsonDocument.Parse(body) : throw new InvalidOperationException($"{pathAndQuery}: {(int)response.StatusCode} {body}");
    }

    private static double Number(JsonElement value) => double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private async Task WaitUntilReadyAsync(TimeSpan limit, Func<Task<bool>> scraped)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri(Address, "/-/ready"), timeout.Token);
                if (response.IsSuccessStatusCode && await scraped())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"prometheus not ready within {limit}:\n{Output}");
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static string Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "prometheus"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "the prometheus server is not installed: run the tests through tests/run.sh (it installs Debian's 'prometheus' package) or `apt-get install prometheus`");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
        }
    }

    [GeneratedRegex(@"^(?<indent>[ \t]+)interval:[ \t]*\S+[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex GroupInterval();
}
