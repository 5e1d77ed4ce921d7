using ServingFabric.Compliance.Drills;

namespace ServingFabric.Compliance;

/// <summary>What <c>fabric compliance verify</c> audits and where the bundle goes.</summary>
public sealed record VerifyOptions
{
    /// <summary>The overlay judged when none is given.</summary>
    public const string DefaultOverlay = "kubernetes/overlays/production";

    /// <summary>The gateway of the running fabric.</summary>
    public required Uri Url { get; init; }

    /// <summary>The API key sent as a bearer token (read, metrics and, for drills, inference scopes); null: none (the embedded default trusts loopback).</summary>
    public string? ApiKey { get; init; }

    /// <summary>A Prometheus server to confirm alert rules and scrape targets; null: not asked.</summary>
    public Uri? Prometheus { get; init; }

    /// <summary>The deploy folder (Kubernetes, monitoring, Terraform); null: configuration is not judged.</summary>
    public string? Deploy { get; init; }

    /// <summary>The kustomize overlay under <see cref="Deploy"/> that is rendered and judged.</summary>
    public string Overlay { get; init; } = DefaultOverlay;

    /// <summary>The drills to run and their bounds.</summary>
    public DrillOptions Drills { get; init; } = new();

    /// <summary>The folder the bundle is written to.</summary>
    public required string Out { get; init; }

    /// <summary>The clock (tests give a fixed one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
