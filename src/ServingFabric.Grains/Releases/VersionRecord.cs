using ServingFabric.Releases;

namespace ServingFabric.Grains.Releases;

/// <summary>What the router's registry keeps of one version.</summary>
[GenerateSerializer, Alias("sf.VersionRecord")]
public sealed class VersionRecord
{
    /// <summary>Version name (digits).</summary>
    [Id(0)]
    public string Version { get; set; } = "";

    /// <summary>Active (routable, replicas kept) or retired (no replicas, no traffic).</summary>
    [Id(1)]
    public VersionLifecycle Lifecycle { get; set; }

    /// <summary>Where it was registered from; null for a version found in the repository.</summary>
    [Id(2)]
    public string? ArtifactLocation { get; set; }

    /// <summary>SHA-256 from the registration or config.json; null when none.</summary>
    [Id(3)]
    public string? Sha256 { get; set; }

    /// <summary>When it was registered or first deployed.</summary>
    [Id(4)]
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Who registered it ("repository" for a version found there).</summary>
    [Id(5)]
    public string RegisteredBy { get; set; } = "";

    /// <summary>
    /// True for a version found in the repository: it stays active only while the repository has it. A version
    /// registered through the API stays active until retired, whatever a later repository scan finds.
    /// </summary>
    [Id(6)]
    public bool FromRepository { get; set; }

    /// <summary>When it was retired; null while active.</summary>
    [Id(7)]
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>How the optimizer made it from another version, as registered; null otherwise.</summary>
    [Id(8)]
    public VersionOptimization? Optimization { get; set; }
}
