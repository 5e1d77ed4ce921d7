using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Releases;

/// <summary>
/// A model's versions: those the repository has (active unless retired) merged with those registered through the
/// API (active until retired, whatever a later repository scan finds), the default and the previous default. Reads
/// and changes the router's <see cref="RouterReleaseState"/>; the router persists it and carries out the
/// <see cref="ReleaseChange"/>s.
/// </summary>
internal sealed partial class VersionRegistry(RouterReleaseState state, ModelDeploymentSpec spec, TimeProvider time)
{
    /// <summary>The name recorded as the registrant of versions found in the repository.</summary>
    public const string RepositoryActor = "repository";

    /// <summary>Routable versions, ascending (numeric-aware, as the repository orders them).</summary>
    public IReadOnlyList<string> Active
    {
        get
        {
            var active = new List<string>();
            foreach (var version in spec.Versions)
            {
                if (!state.Versions.TryGetValue(version, out var known) || known.Lifecycle == VersionLifecycle.Active)
                {
                    active.Add(version);
                }
            }

            foreach (var known in state.Versions.Values)
            {
                if (known.Lifecycle == VersionLifecycle.Active && !known.FromRepository && !spec.Versions.Contains(known.Version))
                {
                    active.Add(known.Version);
                }
            }

            active.Sort(VersionOrdering.Instance);
            return active;
        }
    }

    /// <summary>Unversioned requests go here outside a split: the operator's (or a promotion's) choice, else the repository's.</summary>
    public string Default
    {
        get
        {
            var active = Active;
            if (state.DefaultVersion is { } chosen && active.Contains(chosen))
            {
                return chosen;
            }

            return active.Contains(spec.DefaultVersion) || active.Count == 0 ? spec.DefaultVersion : active[^1];
        }
    }

    public bool IsActive(string version) => Active.Contains(version);

    /// <summary>
    /// Records the repository's versions not yet known (active, registered by "repository"). Never reactivates a
    /// retired version and never drops a registered one. Returns whether anything was added.
    /// </summary>
    public bool SyncWithRepository()
    {
        var added = false;
        foreach (var version in spec.Versions)
        {
            if (!state.Versions.ContainsKey(version))
            {
                state.Versions[version] = new VersionRecord
                {
                    Version = version,
                    Lifecycle = VersionLifecycle.Active,
                    Sha256 = spec.Config.Versions?.GetValueOrDefault(version)?.Sha256,
                    RegisteredAt = time.GetUtcNow(),
                    RegisteredBy = RepositoryActor,
                    FromRepository = true,
                };
                added = true;
            }
        }

        return added;
    }

    /// <summary>Every known version, active and retired, ascending, with its share of unversioned requests under <paramref name="weights"/>.</summary>
    public IReadOnlyList<ModelVersionInfo> Describe(IReadOnlyList<VersionWeight> weights)
    {
        var active = Active;
        var defaultVersion = Default;
        var names = state.Versions.Keys.Union(active).Order(VersionOrdering.Instance);
        return names.Select(version =>
        {
            var known = state.Versions.GetValueOrDefault(version);
            var lifecycle = active.Contains(version) ? VersionLifecycle.Active : VersionLifecycle.Retired;
            var share = weights.Count == 0
                ? (version == defaultVersion ? 100 : 0)
                : weights.Where(w => w.Version == version).Sum(w => w.Percent);
            return new ModelVersionInfo(version, lifecycle, version == defaultVersion, known?.ArtifactLocation,
                known?.Sha256 ?? spec.Config.Versions?.GetValueOrDefault(version)?.Sha256,
                known?.RegisteredAt ?? default, known?.RegisteredBy ?? RepositoryActor, lifecycle == VersionLifecycle.Active ? share : 0, known?.Optimization);
        }).ToList();
    }

    /// <summary>Throws 404 for a version never seen and 409 for a retired one.</summary>
    public void RequireActive(string version, string purpose)
    {
        if (IsActive(version))
        {
            return;
        }

        if (state.Versions.TryGetValue(version, out var known) && known.Lifecycle == VersionLifecycle.Retired)
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"version '{version}' of model '{spec.Name}' is retired and cannot {purpose}; register it again with POST /v1/models/{spec.Name}/versions to reactivate it");
        }

        throw new InferenceException(InferenceErrorKind.NotFound,
            $"model '{spec.Name}' has no version '{version}'; active versions: {string.Join(", ", Active)}");
    }

    /// <summary>Throws 409 while a canary or A/B test runs: it owns the split and the default until it ends.</summary>
    public void RequireNoRelease(string change)
    {
        if (state.Release is { IsRunning: true } release)
        {
            throw new InferenceException(InferenceErrorKind.Conflict,
                $"cannot {change} of model '{spec.Name}' while the {Describe(release.Kind)} {release.Id} of version {release.Candidate} runs; wait for it to end, or promote or abort it first");
        }
    }

    public static string Describe(ReleaseKind kind) => kind == ReleaseKind.Canary ? "canary" : "A/B test";
}
