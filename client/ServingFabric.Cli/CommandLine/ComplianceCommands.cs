using System.CommandLine;
using System.Globalization;
using ServingFabric.Compliance;
using ServingFabric.Compliance.Drills;

namespace ServingFabric.Cli;

/// <summary><c>fabric compliance verify</c>: the EN 18031 6.4.3 checks against a running fabric, written as an evidence bundle.</summary>
internal static class ComplianceCommands
{
    private static readonly string[] DrillNames = ["load", "failover", "scale"];

    public static LeafCommand Verify()
    {
        var credentials = FabricOptions.Text("--credentials", "~/.fabric/auditor.key", "a file holding the auditor's API key (scopes read, metrics; inference for drills); or --api-key-file / $FABRIC_API_KEY_FILE");
        var prometheus = FabricOptions.Text("--prometheus", "http://127.0.0.1:9090", "a Prometheus server: confirms the alert rules are loaded and the silos scraped");
        var deploy = FabricOptions.Text("--deploy", "deploy/", "the deploy folder: Kubernetes manifests (rendered with kubectl kustomize), monitoring rules and dashboards, Terraform");
        var overlay = FabricOptions.Text("--overlay", "kubernetes/overlays/production", "the kustomize overlay under --deploy that is judged (default kubernetes/overlays/production)");
        var drills = FabricOptions.Text("--drills", "load,failover,scale", "drills to run, comma-separated: load, failover, scale (default none)");
        var model = FabricOptions.Text("--drill-model", "iris", "the model the drills load (default: the first model)");
        var rate = FabricOptions.Number("--load-rate", "20", "load drill: requests per second (default 20, at most 2000)");
        var seconds = FabricOptions.Number("--load-seconds", "10", "load drill: seconds of load (default 10, at most 600)");
        var failover = FabricOptions.Text("--failover-command", "'kill -9 1234'", "failover drill: a shell command that kills a silo (the management API cannot restart a replica)");
        var failoverTimeout = FabricOptions.Number("--failover-timeout", "120", "failover drill: seconds to wait for every replica to be ready again (default 120)");
        var step = FabricOptions.Number("--scale-step-seconds", "30", "scale drill: seconds of each of its three load steps (default 30)");
        var output = FabricOptions.Text("--out", "evidence/", "the folder the bundle is written to (new, empty, or a previous bundle, which is replaced)");
        return new LeafCommand("verify", "verify EN 18031 6.4.3 against a running fabric and write the evidence bundle (exit 1 when a check FAILs)",
            "fabric compliance verify --url https://fabric.example:8443 --credentials auditor.key --deploy deploy/ --drills load --out evidence/", (parse, url) =>
            {
                var names = (parse.GetValue(drills) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (names.FirstOrDefault(n => !DrillNames.Contains(n)) is { } unknown)
                {
                    throw new CliUsageException($"--drills '{unknown}' is not a drill; give a comma-separated list of {string.Join(", ", DrillNames)}, as in --drills load,failover");
                }

                var options = new VerifyOptions
                {
                    Url = url,
                    Prometheus = parse.GetValue(prometheus) is { } p ? HttpUrl("--prometheus", p) : null,
                    Deploy = parse.GetValue(deploy),
                    Overlay = parse.GetValue(overlay) ?? VerifyOptions.DefaultOverlay,
                    Out = parse.GetValue(output) ?? throw new CliUsageException("--out is required: the folder the evidence bundle is written to, as in --out evidence/"),
                    Drills = new DrillOptions
                    {
                        Load = names.Contains("load"),
                        Failover = names.Contains("failover"),
                        Scale = names.Contains("scale"),
                        Model = parse.GetValue(model),
                        LoadRate = Within("--load-rate", parse.GetValue(rate) ?? 20, 0.1, DrillOptions.MaxRate),
                        LoadSeconds = Within("--load-seconds", parse.GetValue(seconds) ?? 10, 1, DrillOptions.MaxSeconds),
                        FailoverCommand = parse.GetValue(failover),
                        FailoverTimeout = TimeSpan.FromSeconds(Within("--failover-timeout", parse.GetValue(failoverTimeout) ?? 120, 1, 3600)),
                        ScaleStepSeconds = Within("--scale-step-seconds", parse.GetValue(step) ?? 30, 1, DrillOptions.MaxSeconds / 3),
                    },
                };
                return new ComplianceVerifyCommand(url, options, parse.GetValue(credentials));
            }) { credentials, prometheus, deploy, overlay, drills, model, rate, seconds, failover, failoverTimeout, step, output };
    }

    private static double Within(string option, double value, double min, double max) =>
        value >= min && value <= max ? value
            : throw new CliUsageException($"{option} must be from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}; got {value.ToString(CultureInfo.InvariantCulture)}");

    private static Uri HttpUrl(string option, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new CliUsageException($"{option} '{text}' is not an http(s) URL, as in {option} http://127.0.0.1:9090");
}
