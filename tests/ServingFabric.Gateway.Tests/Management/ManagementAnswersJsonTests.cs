using System.Text;
using ServingFabric.Contracts;
using ServingFabric.Gateway.Operator;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Scaling;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>
/// The exact bytes of the management answers, as the hand-written writer produced them before the contracts replaced
/// it: field order, JSON null for absent and undefined values (never left out), snake_case tokens, PascalCase event
/// kinds, sorted version maps, escaped text.
/// </summary>
public sealed class ManagementAnswersJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Model_ReplicasEventsRegistry_WritesExactJson()
    {
        var status = new ModelStatus("iris", true, 3, "1", new ReplicaBounds(1, 4), 2,
            [new VersionStatus("1",
            [
                new ReplicaObservation("iris/1/0", "S1", "a", null, ReplicaState.Ready, ReplicaHealth.Healthy, null, 0, 1, At, At),
                new ReplicaObservation("iris/1/1", null, null, "b", null, ReplicaHealth.Unknown, "boom", 0, 0, default),
                new ReplicaObservation("iris/1/2", "S3", "c", "c", null, ReplicaHealth.Unreachable, "no answer within 5 s", 0, 0, At, At.AddSeconds(-3)),
            ])],
            [new ModelEvent(7, At, ModelEventKind.ReplicaLost, "iris/1/1", "S2", "b", "lost <it>")],
            Registry: [new ModelVersionInfo("1", VersionLifecycle.Active, true, null, "ab", At, "admin", 100)],
            Availability: new ModelAvailability(new ServiceLevelObjective(0.99, 250),
                [new AvailabilityWindow("5m", 200, 199), new AvailabilityWindow("1h", 0, 0)],
                [new VersionAvailability("1", [new AvailabilityWindow("5m", 200, 199), new AvailabilityWindow("1h", 0, 0)])]));

        var json = Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Model(status), ManagementJsonContext.Default.ModelResponse));

        Assert.Equal(
            """{"name":"iris","loaded":true,"revision":3,"default_version":"1","replicas":{"min":1,"max":4,"per_version":2},"versions":[{"version":"1","replicas":[{"key":"iris/1/0","silo":"S1","zone":"a","target_zone":null,"state":"ready","health":"healthy","queue_depth":0,"in_flight":1,"error":null,"observed_at":"2026-12-04T12:00:00+00:00","last_good_probe":"2026-12-04T12:00:00+00:00","device":null},{"key":"iris/1/1","silo":null,"zone":null,"target_zone":"b","state":"unknown","health":"unknown","queue_depth":0,"in_flight":0,"error":"boom","observed_at":null,"last_good_probe":null,"device":null},{"key":"iris/1/2","silo":"S3","zone":"c","target_zone":"c","state":"unknown","health":"unreachable","queue_depth":0,"in_flight":0,"error":"no answer within 5 s","observed_at":"2026-12-04T12:00:00+00:00","last_good_probe":"2026-12-04T11:59:57+00:00","device":null}],"availability":{"objective":0.99,"latency_objective_ms":250,"windows":[{"window":"5m","valid":200,"good":199,"sli":0.995,"error_budget_remaining":0.5},{"window":"1h","valid":0,"good":0,"sli":null,"error_budget_remaining":null}]}}],"events":[{"model":"iris","sequence":7,"timestamp":"2026-12-04T12:00:00+00:00","kind":"ReplicaLost","replica":"iris/1/1","silo":"S2","zone":"b","message":"lost \u003Cit\u003E","actor":null}],"registry":[{"version":"1","lifecycle":"active","is_default":true,"artifact":null,"sha256":"ab","registered_at":"2026-12-04T12:00:00+00:00","registered_by":"admin","traffic_percent":100,"optimization":null}],"traffic":{"weights":[],"mirror":null,"faults":[],"experiment":null},"experiment":null,"scaling":null,"availability":{"objective":0.99,"latency_objective_ms":250,"windows":[{"window":"5m","valid":200,"good":199,"sli":0.995,"error_budget_remaining":0.5},{"window":"1h","valid":0,"good":0,"sli":null,"error_budget_remaining":null}]},"probe_availability":null}""",
            json);
    }

    [Fact]
    public void Experiment_UndefinedNumbers_WritesNullsAndSnakeCaseTokens()
    {
        var experiment = new ExperimentView("rel-1", ReleaseKind.AbTest, "RolledBack", "1", "2", 0, 0, [50], At, At,
            [
                new ArmView("control", "1", 10, 1, 0.1, 0, double.NaN, 0, double.NaN),
                new ArmView("candidate", "2", 0, 0, double.NaN, 0, double.NaN, 2, 0.5),
            ],
            [new TestView("reward", null, double.NegativeInfinity, 1.5, 0.04, 0.05, true)],
            "RolledBack", "operator", [new ReleaseHistoryView(At, "Started", 50, "go")]);

        var json = Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Experiment("iris", experiment), ManagementJsonContext.Default.ExperimentResponse));

        Assert.Equal(
            """{"model":"iris","id":"rel-1","kind":"ab_test","status":"rolled_back","active":false,"control":"1","candidate":"2","candidate_percent":0,"decision":"rolled_back","reason":"operator","step_index":0,"steps":[50],"started_at":"2026-12-04T12:00:00+00:00","step_started_at":"2026-12-04T12:00:00+00:00","arms":[{"role":"control","version":"1","share_percent":100,"requests":10,"errors":1,"error_rate":0.1,"slow_requests":0,"geometric_mean_latency_ms":null,"rewards":0,"mean_reward":null},{"role":"candidate","version":"2","share_percent":0,"requests":0,"errors":0,"error_rate":null,"slow_requests":0,"geometric_mean_latency_ms":null,"rewards":2,"mean_reward":0.5}],"tests":[{"name":"reward","estimate":null,"lower":null,"upper":1.5,"p_value":0.04,"alpha":0.05,"rejected":true}],"history":[{"at":"2026-12-04T12:00:00+00:00","action":"started","candidate_percent":50,"reason":"go"}]}""",
            json);
    }

    [Fact]
    public void Scaling_UnsortedVersionsAndInputs_WritesSortedWithNullForUndefined()
    {
        var scaling = new ScalingView(
            new ScalingSettings(MinReplicas: 1, TargetP95Latency: TimeSpan.FromMilliseconds(50)),
            new Dictionary<string, int> { ["2"] = 1, ["1"] = 3 },
            new Dictionary<string, int> { ["1"] = 2 },
            [new ScalingDecisionView(At, "1", 1, 3, "busy", new Dictionary<string, double> { ["z"] = 1.5, ["a"] = double.NaN })]);

        var json = Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Scaling("iris", scaling), ManagementJsonContext.Default.ScalingResponse));

        Assert.Equal(
            """{"model":"iris","settings":{"min_replicas":1,"max_replicas":null,"target_in_flight_per_replica":null,"target_queue_depth_per_replica":null,"target_p95_latency_ms":50,"max_cpu_percent":null,"max_memory_percent":null,"scale_down_stabilization_seconds":null,"scale_up_stabilization_seconds":null,"max_concurrency":null,"max_queue_length":null,"queue_timeout_seconds":null},"replicas_by_version":{"1":3,"2":1},"serving_by_version":{"1":2},"recent_decisions":[{"at":"2026-12-04T12:00:00+00:00","version":"1","from":1,"to":3,"reason":"busy","inputs":{"a":null,"z":1.5}}]}""",
            json);
    }
}
