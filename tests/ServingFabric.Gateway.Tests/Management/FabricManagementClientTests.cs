using System.Net;
using ServingFabric.Client;
using ServingFabric.Contracts.Models;
using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Scaling;
using ServingFabric.Contracts.Traffic;
using ServingFabric.Contracts.Versions;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>
/// <see cref="IFabricManagementClient"/> against a real in-process gateway: each operation group round-trips through
/// the contracts, and refusals arrive as <see cref="FabricManagementException"/> with the gateway's status and message.
/// Each test deploys a model of its own (a copy of iris), so they never see each other's versions or releases.
/// </summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class FabricManagementClientTests(ManagementGatewayFixture fixture)
{
    private HttpFabricManagementClient Client(string? key = ManagementGatewayFixture.ApiKey) =>
        new(fixture.Http.Client, new FabricManagementClientOptions { BaseAddress = fixture.Http.Client.BaseAddress, AdminApiKey = key, Actor = "client-tester" });

    [Fact]
    public async Task Models_GetAndUpdateTrafficAndMirror_AnswerTheModel()
    {
        var client = Client();
        await DeployAsync("client-models");
        await RegisterAsync(client, "client-models", "2");

        var model = await client.GetModelAsync("client-models");
        Assert.Equal("client-models", model.Name);
        Assert.Equal("1", model.DefaultVersion);
        Assert.Empty(model.Traffic.Weights);

        var split = await client.UpdateModelAsync("client-models", new UpdateModelRequest
        {
            Weights = [new TrafficWeight { Version = "1", Percent = 90 }, new TrafficWeight { Version = "2", Percent = 10 }],
            Mirror = MirrorChange.ToVersion("2", 5),
            Reason = "shift 10 %",
        });
        Assert.Equal([("1", 90.0), ("2", 10.0)], split.Traffic.Weights.Select(w => (w.Version, w.Percent)));
        Assert.Equal(("2", 5.0), (split.Traffic.Mirror!.Version, split.Traffic.Mirror.Percent));

        var unmirrored = await client.UpdateModelAsync("client-models", new UpdateModelRequest { Mirror = MirrorChange.Stop });
        Assert.Null(unmirrored.Traffic.Mirror);
        Assert.Equal(2, unmirrored.Traffic.Weights.Count);

        var refused = await Assert.ThrowsAsync<FabricManagementException>(() => client.UpdateModelAsync("client-models", new UpdateModelRequest { Reason = "nothing" }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("request body changes nothing", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_RegisterDefaultRollbackRetire_AnswerTheRegistry()
    {
        var client = Client();
        await DeployAsync("client-versions");

        var registered = await RegisterAsync(client, "client-versions", "2");
        Assert.Equal("client-versions", registered.Model);
        Assert.Equal("active", registered.Lifecycle);
        Assert.Equal(64, registered.Sha256!.Length);

        var afterDefault = await client.SetDefaultVersionAsync("client-versions", "2", "promote by hand");
        Assert.True(afterDefault.Versions.Single(v => v.Version == "2").IsDefault);

        var rolledBack = await client.RollbackAsync("client-versions", "undo");
        Assert.Null(rolledBack.AbortedRelease);
        Assert.Equal("1", rolledBack.DefaultRollback!.DefaultVersion);

        var retired = await client.RetireVersionAsync("client-versions", "2", "not needed");
        Assert.Equal("retired", retired.Versions.Single(v => v.Version == "2").Lifecycle);
        Assert.Equal(["1", "2"], (await client.ListVersionsAsync("client-versions")).Versions.Select(v => v.Version).Order());

        var unknown = await Assert.ThrowsAsync<FabricManagementException>(() => client.ListVersionsAsync("no-such-model"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("unknown model 'no-such-model'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Faults_SetAndClear_ShowInTheTraffic()
    {
        var client = Client();
        await DeployAsync("client-faults");

        var faulty = await client.SetFaultAsync("client-faults", "1", new FaultInjectionRequest { AbortPercent = 20, DelayPercent = 10, DelayMs = 250, Reason = "rehearse" });
        var fault = Assert.Single(faulty.Traffic.Faults);
        Assert.Equal(("1", 20.0, 503, 10.0, 250.0), (fault.Version, fault.AbortPercent, fault.AbortStatus, fault.DelayPercent, fault.DelayMs));

        var cleared = await client.ClearFaultAsync("client-faults", "1", "rehearsal over");
        Assert.Empty(cleared.Traffic.Faults);

        var withoutKey = await Assert.ThrowsAsync<FabricManagementException>(() => Client(key: null).ClearFaultAsync("client-faults", "1", "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Fact]
    public async Task Releases_CanaryAndAbTest_OperateAndReadTheRelease()
    {
        var client = Client();
        await DeployAsync("client-releases");
        await RegisterAsync(client, "client-releases", "2");

        var canary = await client.StartCanaryAsync("client-releases", new CanaryRequest { Version = "2", Steps = [10, 50], MinRequestsPerStep = 1000, MinStepSeconds = 3600, Reason = "release v2" });
        Assert.Equal((ReleaseKind.Canary, "running", true, "1", "2", 10.0), (canary.Kind, canary.Status, canary.Active, canary.Control, canary.Candidate, canary.CandidatePercent));
        Assert.Equal([10.0, 50.0], canary.Steps);
        Assert.Equal(canary.Id, (await client.GetExperimentAsync("client-releases")).Id);
        Assert.Equal("paused", (await client.PauseAsync("client-releases", "weekend")).Status);
        Assert.Equal("running", (await client.ResumeAsync("client-releases")).Status);

        var rolledBack = await client.RollbackAsync("client-releases", "changed my mind");
        Assert.Null(rolledBack.DefaultRollback);
        Assert.Equal(canary.Id, rolledBack.AbortedRelease!.Id);
        Assert.False(rolledBack.AbortedRelease.Active);

        var ab = await client.StartAbTestAsync("client-releases", new AbTestRequest { Treatment = "2", Metric = ExperimentMetric.Reward, MinimumDurationSeconds = 3600, Reason = "rank better?" });
        Assert.Equal((ReleaseKind.AbTest, true), (ab.Kind, ab.Active));
        Assert.Equal(ab.Id, (await client.GetModelAsync("client-releases")).Experiment!.Id);
        Assert.False((await client.AbortAsync("client-releases", "enough")).Active);

        var notServed = await Assert.ThrowsAsync<FabricManagementException>(() => client.SendFeedbackAsync("client-releases", new FeedbackRequest { Id = "never-sent", Reward = 1 }));
        Assert.Equal(HttpStatusCode.NotFound, notServed.StatusCode);
    }

    [Fact]
    public async Task ScalingAndEvents_UpdateAndRead_RecordTheActor()
    {
        var client = Client();
        await DeployAsync("client-scaling");

        var scaling = await client.GetScalingAsync("client-scaling");
        Assert.Equal("client-scaling", scaling.Model);
        var updated = await client.UpdateScalingAsync("client-scaling", new UpdateScalingRequest { MinReplicas = 1, MaxReplicas = 3, TargetP95LatencyMs = 50, Reason = "launch week" });
        Assert.Equal((1, 3, 50.0), (updated.Settings.MinReplicas, updated.Settings.MaxReplicas, updated.Settings.TargetP95LatencyMs));

        var refused = await Assert.ThrowsAsync<FabricManagementException>(() => client.UpdateScalingAsync("client-scaling", new UpdateScalingRequest { MinReplicas = 0 }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("field 'min_replicas' is 0; expected a whole number from 1 to 1000", refused.Message, StringComparison.Ordinal);

        var events = (await client.GetEventsAsync("client-scaling")).Events;
        Assert.Contains(events, e => e.Kind == "ScalingChanged" && e.Actor == ManagementGatewayFixture.Caller && e.Message.Contains("declared actor: client-tester", StringComparison.Ordinal) && e.Model == "client-scaling");
        var later = (await client.GetEventsAsync("client-scaling", after: events.Max(e => e.Sequence))).Events;
        Assert.Empty(later);
    }

    /// <summary>A copy of the sample model under a new name, loaded as an operator would (POST .../load).</summary>
    private async Task DeployAsync(string model)
    {
        var from = Path.Combine(fixture.Repository, "iris");
        var to = Path.Combine(fixture.Repository, model);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        (await fixture.Http.SendAsync(HttpMethod.Post, $"/v2/repository/models/{model}/load")).Expect(HttpStatusCode.OK);
        await ManagementScenario.WaitReadyAsync(fixture.Http, model, "1");
    }

    private async Task<VersionResponse> RegisterAsync(IFabricManagementClient client, string model, string version)
    {
        var artifact = fixture.CopyArtifactToTemp();
        try
        {
            return await client.RegisterVersionAsync(model, new RegisterVersionRequest
            {
                Version = version,
                Artifact = artifact,
                Sha256 = ArtifactVerifier.ComputeSha256(artifact),
                Reason = "client test",
            });
        }
        finally
        {
            File.Delete(artifact);
        }
    }
}
