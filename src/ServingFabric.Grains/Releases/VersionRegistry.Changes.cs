using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Releases;

/// <summary>Registering, choosing the default, rolling it back and retiring.</summary>
internal sealed partial class VersionRegistry
{
    public ModelVersionInfo Register(VersionRegistration registration, ChangeAuthor author, ReleaseChange change)
    {
        ArgumentNullException.ThrowIfNull(registration);
        RequireAuthor(author);
        var version = registration.Version;
        if (!VersionOrdering.IsValidName(version))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"version must be 1 to 18 digits (a folder name of the repository layout, e.g. \"2\"); got '{version}'");
        }

        if (string.IsNullOrWhiteSpace(registration.ArtifactLocation))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, "artifactLocation is required: where the version's model.onnx was imported from");
        }

        var sha = registration.Sha256?.Trim().ToLowerInvariant() ?? "";
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"sha256 must be the artifact's SHA-256 as 64 hexadecimal characters; got '{registration.Sha256}' ({sha.Length} characters)");
        }

        if (registration.Optimization?.Problem() is { } problem)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"the optimization record of version '{version}' is not valid: {problem.Field} must be {problem.Expected}");
        }

        if (IsActive(version))
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"version '{version}' of model '{spec.Name}' is already active; register a new version number, or retire this one first");
        }

        if (registration.SetDefault)
        {
            RequireNoRelease("change the default version");
        }

        var reactivated = state.Versions.TryGetValue(version, out var previous) && previous.Lifecycle == VersionLifecycle.Retired;
        state.Versions[version] = new VersionRecord
        {
            Version = version,
            Lifecycle = VersionLifecycle.Active,
            ArtifactLocation = registration.ArtifactLocation.Trim(),
            Sha256 = sha,
            RegisteredAt = time.GetUtcNow(),
            RegisteredBy = author.Who,
            Optimization = registration.Optimization,
        };
        change.TrafficChanged = true;
        var optimized = registration.Optimization is { } o ? $", optimized from version {o.SourceVersion}" : "";
        change.Record(ModelEventKind.VersionRegistered, author.Who,
            $"version {version} of {spec.Name} {(reactivated ? "registered again (reactivated)" : "registered")} from {registration.ArtifactLocation.Trim()} (sha256 {sha[..12]}…{optimized}): {author.Why}");
        if (registration.SetDefault)
        {
            SetDefault(version, author, change);
        }

        return Describe(state.Weights).Single(v => v.Version == version);
    }

    /// <summary>Makes <paramref name="version"/> the default, remembering the old one; nothing happens when it already is.</summary>
    public void SetDefault(string version, ChangeAuthor author, ReleaseChange change)
    {
        RequireAuthor(author);
        RequireActive(version, "become the default");
        RequireNoRelease("change the default version");
        var current = Default;
        if (current == version)
        {
            return;
        }

        state.PreviousDefault = current;
        state.DefaultVersion = version;
        change.TrafficChanged = true;
        change.Record(ModelEventKind.DefaultVersionChanged, author.Who, $"default version of {spec.Name} changed from {current} to {version}: {author.Why}");
    }

    /// <summary>Makes the previous default the default again and returns it.</summary>
    public string RollbackDefault(ChangeAuthor author, ReleaseChange change)
    {
        RequireAuthor(author);
        RequireNoRelease("roll back the default version");
        if (state.PreviousDefault is not { } previous)
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"model '{spec.Name}' has no previous default version to roll back to (the default is {Default}); set a default version first");
        }

        RequireActive(previous, "become the default again");
        var current = Default;
        state.DefaultVersion = previous;
        state.PreviousDefault = current;
        change.TrafficChanged = true;
        change.Record(ModelEventKind.DefaultVersionChanged, author.Who, $"default version of {spec.Name} rolled back from {current} to {previous}: {author.Why}");
        return previous;
    }

    /// <summary>An operator retires a version: refused for the default, a release's arm, or a version the split or mirror uses.</summary>
    public void Retire(string version, ChangeAuthor author, ReleaseChange change)
    {
        RequireAuthor(author);
        if (state.Versions.TryGetValue(version, out var known) && known.Lifecycle == VersionLifecycle.Retired)
        {
            throw new InferenceException(InferenceErrorKind.Conflict, $"version '{version}' of model '{spec.Name}' is already retired");
        }

        RequireActive(version, "be retired");
        if (version == Default)
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"version '{version}' is the default of model '{spec.Name}'; make another version the default first");
        }

        if (state.Release is { IsRunning: true } release && (release.Control == version || release.Candidate == version))
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"version '{version}' is an arm of the running {Describe(release.Kind)} {release.Id}; wait for it to end, or abort it first");
        }

        if (state.Weights.Any(w => w.Version == version && w.Percent > 0) || state.Mirror?.Version == version)
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"version '{version}' still gets traffic from the manual split or mirror of model '{spec.Name}'; change the traffic settings first");
        }

        RetireNow(version, author, change);
    }

    /// <summary>Retires without the operator's checks (a promotion retiring the loser); clears its faults, mirror and weights.</summary>
    public void RetireNow(string version, ChangeAuthor author, ReleaseChange change)
    {
        var record = state.Versions.GetValueOrDefault(version) ?? new VersionRecord { Version = version, FromRepository = true, RegisteredBy = RepositoryActor };
        record.Lifecycle = VersionLifecycle.Retired;
        record.RetiredAt = time.GetUtcNow();
        state.Versions[version] = record;
        state.Faults.Remove(version);
        state.Weights.RemoveAll(w => w.Version == version);
        if (state.Mirror?.Version == version)
        {
            state.Mirror = null;
        }

        if (state.PreviousDefault == version)
        {
            state.PreviousDefault = null;
        }

        change.RetiredVersions.Add(version);
        change.TrafficChanged = true;
        change.Record(ModelEventKind.VersionRetired, author.Who, $"version {version} of {spec.Name} retired (its replicas unload): {author.Why}");
    }

    internal static void RequireAuthor(ChangeAuthor author)
    {
        ArgumentNullException.ThrowIfNull(author);
        if (string.IsNullOrWhiteSpace(author.Who))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, "every change needs an author: who (the operator) must not be empty");
        }
    }
}
