using ServingFabric.Perf.Fabric;
using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Paths;
using ServingFabric.Perf.Reporting;

namespace ServingFabric.Perf.Scenarios;

/// <summary>
/// What security costs on iris: HTTPS against plain HTTP on the same silo (one client for the added p50, 32 for
/// throughput, keep-alive, TLS 1.3), and what checking an API key or a JWT adds per request, against the loopback
/// principal of an unauthenticated silo measured in the same run.
/// </summary>
internal sealed class SecurityScenario : IScenario
{
    private const int Clients = 32;

    public string Name => "security";

    public async Task<ScenarioReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = context.NewReport(Name, "Security: HTTPS and authentication against plain HTTP on iris",
            "An in-process silo serves iris (http-binary bodies) on a plain and an https listener at once (TLS 1.3, certificate from PEM files, " +
            "clients keep their connections alive). Each path runs at 1 client (added p50) and at 32 clients (throughput), in the order " +
            "http, https, https, http so drift in the machine falls on both; each figure is the mean of its two runs. A second silo then " +
            "requires credentials (a keys file and a JWKS): iris is driven with an API key and with a JWT, and the silo's own authentication " +
            "service and inference policy are timed per call (no network, no model) for the loopback principal of the first silo, the API key and the JWT.");
        var repository = PerfRepository.Create(context.OcrModelPath, 1);
        using var credentials = new SecurityCredentials();
        try
        {
            var (http, https, loopbackAuth) = await MeasureTransportAsync(context, report, repository, credentials, cancellationToken);
            var (key, jwt, keyAuth, jwtAuth) = await MeasureAuthenticationAsync(context, report, repository, credentials, cancellationToken);

            var addedTls = https.P50 - http.P50;
            var throughputRatio = https.Throughput / http.Throughput;
            var addedKey = keyAuth.P50Us - loopbackAuth.P50Us;
            var addedJwt = jwtAuth.P50Us - loopbackAuth.P50Us;
            report.Tables.Add(new ReportTable("HTTPS against HTTP (iris, http-binary, same silo)", ["figure", "http", "https", "https − http", "https / http"],
            [
                ["p50 at 1 client (ms)", F(http.P50), F(https.P50), F(addedTls), F(https.P50 / http.P50)],
                [$"throughput at {Clients} clients (req/s)", F(http.Throughput), F(https.Throughput), F(https.Throughput - http.Throughput), F(throughputRatio)],
            ]));
            report.Tables.Add(new ReportTable("Authentication per request (the silo's authentication service and inference policy, timed per call)",
                ["credential", "p50 µs", "p99 µs", "added p50 µs over loopback", "end-to-end p50 ms at 1 client"],
            [
                ["none (loopback principal)", F(loopbackAuth.P50Us), F(loopbackAuth.P99Us), "0", F(http.P50)],
                ["API key", F(keyAuth.P50Us), F(keyAuth.P99Us), F(addedKey), F(key)],
                ["JWT (RS256)", F(jwtAuth.P50Us), F(jwtAuth.P99Us), F(addedJwt), F(jwt)],
            ]));
            report.Checks.Add(TargetCheck.AtMost("API key validation adds to p50", addedKey, 20, " µs",
                $"API key check p50 {keyAuth.P50Us} µs − loopback principal p50 {loopbackAuth.P50Us} µs"));
            report.Checks.Add(TargetCheck.AtMost("JWT validation adds to p50", addedJwt, 20, " µs",
                $"JWT check p50 {jwtAuth.P50Us} µs − loopback principal p50 {loopbackAuth.P50Us} µs"));
            report.Checks.Add(TargetCheck.AtLeast($"HTTPS throughput at {Clients} clients over HTTP's", throughputRatio, 0.90, "×",
                $"https {F(https.Throughput)} req/s ÷ http {F(http.Throughput)} req/s (keep-alive, mean of two runs each)"));
            report.Plots.Add(PlotWriter.Bars(context.OutputFolder, "security-auth.png", "Authentication per request (µs)", "µs",
                ["loopback", "API key", "JWT"],
                [
                    new BarGroup("p50", [loopbackAuth.P50Us, keyAuth.P50Us, jwtAuth.P50Us]),
                    new BarGroup("p99", [loopbackAuth.P99Us, keyAuth.P99Us, jwtAuth.P99Us]),
                ]));
            return report;
        }
        finally
        {
            repository.Dispose();
        }
    }

    private static async Task<((double P50, double Throughput) Http, (double P50, double Throughput) Https, (double P50Us, double P99Us) Loopback)> MeasureTransportAsync(
        ScenarioContext context, ScenarioReport report, PerfRepository repository, SecurityCredentials credentials, CancellationToken cancellationToken)
    {
        await using var silo = await PerfSilo.StartAsync(repository.Root, responseCache: false, cancellationToken, credentials.HttpsListenerSettings());
        var httpsAddress = silo.Addresses.First(a => a.Scheme == Uri.UriSchemeHttps);
        using var plain = LoopbackHttp.Create(silo.HttpAddress);
        using var secure = LoopbackHttp.Create(httpsAddress, credentials.Ca, bearer: null);
        var payload = new FixedPayload(PerfInputs.Iris(PerfModels.Iris));
        var paths = new Dictionary<string, HttpPath>
        {
            ["http"] = new(plain, PerfModels.Iris, payload, binary: true),
            ["https"] = new(secure, PerfModels.Iris, payload, binary: true),
        };
        var single = context.Timing.Closed(1) with { MinWindows = context.Timing.MinWindows * 2 };
        var p50 = new Dictionary<string, List<double>> { ["http"] = [], ["https"] = [] };
        var throughput = new Dictionary<string, List<double>> { ["http"] = [], ["https"] = [] };
        // The first window on a fresh silo pays for JIT and connection set-up (it measured HTTP at a third of its later
        // rate): one window per scheme first, reported but not counted, then the ABBA rounds that are compared.
        foreach (var scheme in new[] { "http", "https" })
        {
            await context.ClosedAsync(report, paths[scheme], Clients, $"iris {scheme} {Clients} clients (warm-up, not counted)", cancellationToken);
        }

        foreach (var (scheme, round) in new[] { ("http", 1), ("https", 1), ("https", 2), ("http", 2) })
        {
            var one = await context.ClosedAsync(report, paths[scheme], 1, $"iris {scheme} 1 client ({round})", cancellationToken, single);
            var many = await context.ClosedAsync(report, paths[scheme], Clients, $"iris {scheme} {Clients} clients ({round})", cancellationToken);
            p50[scheme].Add(one.Latency.P50Ms);
            throughput[scheme].Add(many.Throughput);
        }

        var loopback = await AuthenticationTimer.MeasureAsync(silo.Services, PerfModels.Iris, bearer: null, Calls(context));
        context.Log.WriteLine($"  authentication, loopback principal: p50 {loopback.P50Us} µs, p99 {loopback.P99Us} µs");
        return ((p50["http"].Average(), throughput["http"].Average()), (p50["https"].Average(), throughput["https"].Average()), loopback);
    }

    private static async Task<(double KeyP50, double JwtP50, (double P50Us, double P99Us) Key, (double P50Us, double P99Us) Jwt)> MeasureAuthenticationAsync(
        ScenarioContext context, ScenarioReport report, PerfRepository repository, SecurityCredentials credentials, CancellationToken cancellationToken)
    {
        await using var silo = await PerfSilo.StartAsync(repository.Root, responseCache: false, cancellationToken, credentials.AuthenticationSettings());
        using var withKey = LoopbackHttp.Create(silo.HttpAddress, trustedCa: null, bearer: credentials.ApiKey);
        using var withToken = LoopbackHttp.Create(silo.HttpAddress, trustedCa: null, bearer: credentials.Token);
        var payload = new FixedPayload(PerfInputs.Iris(PerfModels.Iris));
        var single = context.Timing.Closed(1) with { MinWindows = context.Timing.MinWindows * 2 };
        var key = await context.ClosedAsync(report, new HttpPath(withKey, PerfModels.Iris, payload, binary: true), 1, "iris http api-key 1 client", cancellationToken, single);
        var jwt = await context.ClosedAsync(report, new HttpPath(withToken, PerfModels.Iris, payload, binary: true), 1, "iris http jwt 1 client", cancellationToken, single);

        var keyAuth = await AuthenticationTimer.MeasureAsync(silo.Services, PerfModels.Iris, credentials.ApiKey, Calls(context));
        var jwtAuth = await AuthenticationTimer.MeasureAsync(silo.Services, PerfModels.Iris, credentials.Token, Calls(context));
        context.Log.WriteLine($"  authentication, API key: p50 {keyAuth.P50Us} µs, p99 {keyAuth.P99Us} µs; JWT: p50 {jwtAuth.P50Us} µs, p99 {jwtAuth.P99Us} µs");
        return (key.Latency.P50Ms, jwt.Latency.P50Ms, keyAuth, jwtAuth);
    }

    private static int Calls(ScenarioContext context) => context.Settings.Tiny ? 2_000 : 50_000;

    private static string F(double value) => MarkdownReportWriter.Number(Math.Round(value, 3));
}
