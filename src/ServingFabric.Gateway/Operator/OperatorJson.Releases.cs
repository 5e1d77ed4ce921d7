using System.Text.Json;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Operator;

internal static partial class OperatorJson
{
    /// <summary><c>{"model", "versions": [...]}</c>: the version registry.</summary>
    public static byte[] WriteVersions(string model, IReadOnlyList<ModelVersionInfo> versions) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            WriteRegistry(writer, "versions", versions);
            writer.WriteEndObject();
        });

    /// <summary>One version as registered.</summary>
    public static byte[] WriteVersion(string model, ModelVersionInfo version) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            WriteVersionFields(writer, version);
            writer.WriteEndObject();
        });

    /// <summary>A canary or A/B test in full: arms, tests with always-valid intervals and p-values, decision, history.</summary>
    public static byte[] WriteExperiment(string model, ExperimentView experiment) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            WriteExperimentHead(writer, experiment);
            writer.WriteNumber("step_index", experiment.StepIndex);
            WriteNumbers(writer, "steps", experiment.Steps);
            writer.WriteString("started_at", experiment.StartedAt);
            writer.WriteString("step_started_at", experiment.StepStartedAt);
            writer.WriteStartArray("arms");
            foreach (var arm in experiment.Arms)
            {
                WriteArm(writer, arm, experiment);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("tests");
            foreach (var test in experiment.Tests)
            {
                writer.WriteStartObject();
                writer.WriteString("name", test.Name);
                WriteNumberOrNull(writer, "estimate", test.Estimate);
                WriteNumberOrNull(writer, "lower", test.Lower);
                WriteNumberOrNull(writer, "upper", test.Upper);
                WriteNumberOrNull(writer, "p_value", test.PValue);
                WriteNumberOrNull(writer, "alpha", test.Alpha);
                writer.WriteBoolean("rejected", test.Rejected);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("history");
            foreach (var entry in experiment.History)
            {
                writer.WriteStartObject();
                writer.WriteString("at", entry.At);
                writer.WriteString("action", Token(entry.Action));
                WriteNumberOrNull(writer, "candidate_percent", entry.CandidatePercent);
                writer.WriteString("reason", entry.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    /// <summary>Where a feedback reward went.</summary>
    public static byte[] WriteFeedback(string model, FeedbackReceipt receipt) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteString("id", receipt.RequestId);
            writer.WriteString("version", receipt.Version);
            WriteNullable(writer, "experiment_id", receipt.ExperimentId);
            writer.WriteEndObject();
        });

    /// <summary>The answer of <c>POST /v1/models/{name}/rollback</c> when no release runs: the default version went back.</summary>
    public static byte[] WriteDefaultRollback(string model, string defaultVersion, IReadOnlyList<ModelVersionInfo> versions) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteString("action", "default_rolled_back");
            writer.WriteString("default_version", defaultVersion);
            WriteRegistry(writer, "versions", versions);
            writer.WriteEndObject();
        });

    private static void WriteRegistry(Utf8JsonWriter writer, string name, IReadOnlyList<ModelVersionInfo>? versions)
    {
        if (versions is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartArray(name);
        foreach (var version in versions)
        {
            writer.WriteStartObject();
            WriteVersionFields(writer, version);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteVersionFields(Utf8JsonWriter writer, ModelVersionInfo version)
    {
        writer.WriteString("version", version.Version);
        writer.WriteString("lifecycle", Token(version.Lifecycle.ToString()));
        writer.WriteBoolean("is_default", version.IsDefault);
        WriteNullable(writer, "artifact", version.ArtifactLocation);
        WriteNullable(writer, "sha256", version.Sha256);
        writer.WriteString("registered_at", version.RegisteredAt);
        writer.WriteString("registered_by", version.RegisteredBy);
        WriteNumberOrNull(writer, "traffic_percent", version.TrafficPercent);
    }

    private static void WriteExperimentSummary(Utf8JsonWriter writer, string name, ExperimentView? experiment)
    {
        if (experiment is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        WriteExperimentHead(writer, experiment);
        writer.WriteEndObject();
    }

    private static void WriteExperimentHead(Utf8JsonWriter writer, ExperimentView experiment)
    {
        writer.WriteString("id", experiment.Id);
        writer.WriteString("kind", KindName(experiment.Kind));
        writer.WriteString("status", Token(experiment.Status));
        writer.WriteBoolean("active", ReleaseStatuses.IsActive(experiment.Status));
        writer.WriteString("control", experiment.Control);
        writer.WriteString("candidate", experiment.Candidate);
        WriteNumberOrNull(writer, "candidate_percent", experiment.CandidatePercent);
        writer.WriteString("decision", Token(experiment.Decision));
        writer.WriteString("reason", experiment.Reason);
    }

    private static void WriteArm(Utf8JsonWriter writer, ArmView arm, ExperimentView experiment)
    {
        writer.WriteStartObject();
        writer.WriteString("role", arm.Role);
        writer.WriteString("version", arm.Version);
        var share = arm.Version == experiment.Candidate ? experiment.CandidatePercent
            : arm.Version == experiment.Control ? 100 - experiment.CandidatePercent
            : double.NaN;
        WriteNumberOrNull(writer, "share_percent", share);
        writer.WriteNumber("requests", arm.Requests);
        writer.WriteNumber("errors", arm.Errors);
        WriteNumberOrNull(writer, "error_rate", arm.ErrorRate);
        writer.WriteNumber("slow_requests", arm.SlowRequests);
        WriteNumberOrNull(writer, "geometric_mean_latency_ms", arm.GeometricMeanLatencyMs);
        writer.WriteNumber("rewards", arm.Rewards);
        WriteNumberOrNull(writer, "mean_reward", arm.Rewards == 0 ? null : arm.MeanReward);
        writer.WriteEndObject();
    }

    private static string KindName(ReleaseKind kind) => kind == ReleaseKind.AbTest ? "ab_test" : "canary";

    /// <summary>A PascalCase status or action as snake_case ("RolledBack" → "rolled_back"); free text stays as it is.</summary>
    private static string Token(string text) =>
        text.Length > 0 && text.All(char.IsAsciiLetter) ? JsonNamingPolicy.SnakeCaseLower.ConvertName(text) : text;
}
