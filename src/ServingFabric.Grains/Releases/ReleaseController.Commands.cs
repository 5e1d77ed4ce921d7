using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Releases;

/// <summary>Operator commands on the running release: promote, abort, pause, resume.</summary>
internal sealed partial class ReleaseController
{
    /// <summary>Operator: promote the canary now, or the A/B arm the primary test favours (409 when none does).</summary>
    public void Promote(ChangeAuthor author, ReleaseChange change)
    {
        var release = RequireRunning(author, "promote");
        if (release.Canary is { } canary)
        {
            Apply(release, Command(() => CanaryPolicyOf(release).Promote(canary, author.Why)), author.Who, change);
        }
        else
        {
            Apply(release, Command(() => AbTestPolicyOf(release).Promote(release.AbTest!, author.Why)), author.Who, change);
        }
    }

    /// <summary>Operator: roll the canary back now, or end the A/B test keeping the control.</summary>
    public void Abort(ChangeAuthor author, ReleaseChange change)
    {
        var release = RequireRunning(author, "abort");
        if (release.Canary is { } canary)
        {
            var decision = Command(() => CanaryPolicyOf(release).Abort(canary, author.Why));
            release.Aborted = true;
            Apply(release, decision, author.Who, change);
        }
        else
        {
            var decision = Command(() => AbTestPolicyOf(release).Abort(release.AbTest!, author.Why));
            release.Aborted = true;
            Apply(release, decision, author.Who, change);
        }
    }

    /// <summary>Operator: stop a canary advancing (harm still rolls it back). A/B tests have no steps: 409.</summary>
    public void Pause(ChangeAuthor author, ReleaseChange change)
    {
        var release = RequireRunning(author, "pause");
        if (release.Canary is not { } canary)
        {
            throw new InferenceException(InferenceErrorKind.Conflict, $"A/B test {release.Id} holds one split and has no steps to pause; abort it to keep {release.Control}");
        }

        Apply(release, Command(() => CanaryPolicyOf(release).Pause(canary, author.Why)), author.Who, change);
    }

    /// <summary>Operator: resume a paused or frozen canary, or a frozen A/B test.</summary>
    public void Resume(ChangeAuthor author, ReleaseChange change)
    {
        var release = RequireRunning(author, "resume");
        if (release.Canary is { } canary)
        {
            Apply(release, Command(() => CanaryPolicyOf(release).Resume(canary, author.Why)), author.Who, change);
            return;
        }

        var decision = Command(() => AbTestPolicyOf(release).Resume(release.AbTest!, author.Why));
        (release.Decision, release.Reason) = ("Resume", decision.Reason);
        change.Record(ModelEventKind.ReleasePausedOrResumed, author.Who, $"A/B test {release.Id} of {spec.Name} resumed: {decision.Reason}");
    }

    private ReleaseRecord RequireRunning(ChangeAuthor author, string command)
    {
        VersionRegistry.RequireAuthor(author);
        return state.Release is { IsRunning: true } release
            ? release
            : throw new InferenceException(InferenceErrorKind.Conflict,
                $"no canary or A/B test of model '{spec.Name}' is running, so there is nothing to {command}" +
                (state.Release is { } latest ? $" (the latest, {latest.Id}, is {latest.Status})" : ""));
    }

    private static T Command<T>(Func<T> command)
    {
        try
        {
            return command();
        }
        catch (InvalidOperationException ex)
        {
            throw new InferenceException(InferenceErrorKind.Conflict, ex.Message);
        }
    }
}
