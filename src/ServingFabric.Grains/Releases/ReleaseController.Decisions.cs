using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Traffic.Rollouts;

namespace ServingFabric.Grains.Releases;

/// <summary>Evaluations, and what each decision does to traffic, the default and the versions.</summary>
internal sealed partial class ReleaseController
{
    /// <summary>
    /// Feeds the observations since the last evaluation to the running release's policy and carries out its decision.
    /// Also asks for a write every <see cref="ReleaseOptions.CheckpointInterval"/> so the evidence survives a move.
    /// </summary>
    public void Evaluate(ReleaseObservations delta, ReleaseChange change)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (state.Release is not { IsRunning: true } release)
        {
            return;
        }

        if (!_registry.IsActive(release.Control) || !_registry.IsActive(release.Candidate))
        {
            var gone = _registry.IsActive(release.Control) ? release.Candidate : release.Control;
            EndBecauseVersionGone(release, gone, change);
            return;
        }

        if (release.Canary is { } canary)
        {
            Apply(release, CanaryPolicyOf(release).Evaluate(canary, delta), FabricActor, change);
        }
        else if (release.AbTest is { } test)
        {
            Apply(release, AbTestPolicyOf(release).Evaluate(test, delta), FabricActor, change);
        }

        var now = time.GetUtcNow();
        if (change.StateChanged || now - release.CheckpointAt >= options.CheckpointInterval)
        {
            change.StateChanged = true;
            release.CheckpointAt = now;
        }
    }

    private void Apply(ReleaseRecord release, CanaryDecision decision, string actor, ReleaseChange change)
    {
        (release.Decision, release.Reason) = (decision.Action.ToString(), decision.Reason);
        var (id, stable, candidate) = (release.Id, release.Control, release.Candidate);
        switch (decision.Action)
        {
            case CanaryAction.Advance:
                change.TrafficChanged = true;
                change.Record(ModelEventKind.ReleaseAdvanced, actor, $"canary {id} of {spec.Name}: {candidate} advanced to {VersionRegistry.Percent(decision.CandidatePercent)}: {decision.Reason}");
                break;
            case CanaryAction.Promote:
                End(release, change);
                change.Record(ModelEventKind.ReleasePromoted, actor, $"canary {id} of {spec.Name}: {candidate} promoted to 100 % and made the default; {stable} retired: {decision.Reason}");
                _registry.SetDefault(candidate, new ChangeAuthor(actor, $"promoted by canary {id}"), change);
                _registry.RetireNow(stable, new ChangeAuthor(actor, $"replaced by {candidate} (canary {id})"), change);
                break;
            case CanaryAction.Rollback:
                End(release, change);
                change.Record(ModelEventKind.ReleaseRolledBack, actor, $"canary {id} of {spec.Name}: {candidate} rolled back, all traffic back to {stable}: {decision.Reason}");
                break;
            case CanaryAction.Freeze:
                change.Record(ModelEventKind.ReleaseFrozen, actor, $"canary {id} of {spec.Name} frozen at {VersionRegistry.Percent(decision.CandidatePercent)}: {decision.Reason}");
                break;
            case CanaryAction.Pause or CanaryAction.Resume:
                change.Record(ModelEventKind.ReleasePausedOrResumed, actor, $"canary {id} of {spec.Name} {(decision.Action == CanaryAction.Pause ? "paused" : "resumed")} at {VersionRegistry.Percent(decision.CandidatePercent)}: {decision.Reason}");
                break;
        }
    }

    private void Apply(ReleaseRecord release, AbDecision decision, string actor, ReleaseChange change)
    {
        (release.Decision, release.Reason) = (release.Aborted ? "Abort" : decision.Action.ToString(), decision.Reason);
        var (id, control, treatment) = (release.Id, release.Control, release.Candidate);
        switch (decision.Action)
        {
            case AbAction.Winner when decision.WinnerVersion is { } winner:
                var loser = winner == control ? treatment : control;
                End(release, change);
                change.Record(ModelEventKind.ReleasePromoted, actor, $"A/B test {id} of {spec.Name}: {winner} wins and serves every unversioned request; {loser} retired: {decision.Reason}");
                _registry.SetDefault(winner, new ChangeAuthor(actor, $"winner of A/B test {id}"), change);
                _registry.RetireNow(loser, new ChangeAuthor(actor, $"lost A/B test {id} to {winner}"), change);
                break;
            case AbAction.Inconclusive:
                End(release, change);
                change.Record(ModelEventKind.ReleaseInconclusive, actor,
                    $"A/B test {id} of {spec.Name} {(release.Aborted ? "aborted" : "ended without a winner")}: {control} keeps serving, {treatment} gets no unversioned traffic: {decision.Reason}");
                break;
            case AbAction.Freeze:
                change.Record(ModelEventKind.ReleaseFrozen, actor, $"A/B test {id} of {spec.Name} frozen, no winner will be declared: {decision.Reason}");
                break;
        }
    }

    private void End(ReleaseRecord release, ReleaseChange change)
    {
        release.EndedAt = time.GetUtcNow();
        change.TrafficChanged = true;
    }

    private void EndBecauseVersionGone(ReleaseRecord release, string gone, ReleaseChange change)
    {
        var why = $"version {gone} is no longer in the repository";
        if (release.Canary is { } canary)
        {
            Apply(release, CanaryPolicyOf(release).Abort(canary, why), FabricActor, change);
        }
        else
        {
            Apply(release, AbTestPolicyOf(release).Abort(release.AbTest!, why), FabricActor, change);
        }
    }

    private CanaryPolicy CanaryPolicyOf(ReleaseRecord release) => new(release.CanaryOptions ?? options.Canary, time);

    private AbTestPolicy AbTestPolicyOf(ReleaseRecord release) => new(release.AbTestOptions ?? options.AbTest, time);
}
