using ServingFabric.Contracts;
using ServingFabric.Gateway.Operator;
using ServingFabric.Releases;
using ServingFabric.Scaling;

namespace ServingFabric.Cli.Tests;

/// <summary>Releases, versions and scaling as the management API writes them (the gateway's own JSON writer).</summary>
internal static class SampleRelease
{
    public static readonly DateTimeOffset Started = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ExperimentView Canary(string status = "Running", double percent = 25) => new(
        "rel-7",
        ReleaseKind.Canary,
        status,
        Control: "1",
        Candidate: "2",
        CandidatePercent: percent,
        StepIndex: 1,
        Steps: [10, 25, 50, 100],
        StartedAt: Started,
        StepStartedAt: Started.AddMinutes(5),
        Arms:
        [
            new ArmView("control", "1", 1500, 3, 0.002, 12, 3.4123, 0, double.NaN),
            new ArmView("candidate", "2", 500, 1, 0.002, 4, 3.52, 0, double.NaN),
        ],
        Tests:
        [
            new TestView("errors (count test)", 0.0012, -0.004, 0.0061, 0.83, 0.01, false),
            new TestView("latency (mSPRT)", null, null, null, 1, 0.01, false),
            new TestView("sample ratio", 0.2501, 0.21, null, 0.00004, 0.001, true),
        ],
        Decision: "Continue",
        Reason: "step 2 needs 500 requests per arm and 60 s; has 500 and 45 s",
        History:
        [
            new ReleaseHistoryView(Started, "Started", 10, "release v2"),
            new ReleaseHistoryView(Started.AddMinutes(5), "Advance", 25, "non-inferior: errors +0.1 pp (upper 0.6 pp < 0.5 pp margin)"),
        ]);

    public static string CanaryJson(string status = "Running") =>
        System.Text.Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Experiment("iris", Canary(status)), ManagementJsonContext.Default.ExperimentResponse));

    public static IReadOnlyList<ModelVersionInfo> Versions { get; } =
    [
        new("1", VersionLifecycle.Active, true, null, "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233", Started.AddDays(-2), "fabric", 90),
        new("2", VersionLifecycle.Active, false, "/models-inbox/iris-2.onnx", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Started, "alice", 10,
            new VersionOptimization("1", "int8 dynamic quantization (per-channel) of 2 MatMul/Gemm nodes", 150, 0.9933, 0.9867, 0.98, 0.047, 0.996, 701, 1784, null)),
        new("0", VersionLifecycle.Retired, false, null, null, Started.AddDays(-9), "fabric", 0),
    ];

    public static string VersionsJson => System.Text.Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Versions("iris", Versions), ManagementJsonContext.Default.VersionListResponse));

    public static ScalingView Scaling { get; } = new(
        new ScalingSettings(1, 4, 4, 8, TimeSpan.FromMilliseconds(50), 80, 85, TimeSpan.FromMinutes(5), TimeSpan.Zero, 16, 200, TimeSpan.FromSeconds(2)),
        new Dictionary<string, int> { ["1"] = 3, ["2"] = 1 },
        new Dictionary<string, int> { ["1"] = 2, ["2"] = 1 },
        [new ScalingDecisionView(Started, "1", 2, 3, "in flight per replica 6.1 above target 4", new Dictionary<string, double> { ["in_flight_per_replica"] = 6.1 })]);

    public static string ScalingJson => System.Text.Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Scaling("iris", Scaling), ManagementJsonContext.Default.ScalingResponse));
}
