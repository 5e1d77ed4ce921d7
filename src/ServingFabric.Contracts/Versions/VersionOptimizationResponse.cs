using System.Text.Json.Serialization;

namespace ServingFabric.Contracts.Versions;

/// <summary>
/// How a version was made from another by <c>fabric models optimize</c> or <c>POST /v1/models/{name}/versions/{v}/optimize</c>,
/// as the optimizer's report said: the steps and the accuracy gate's figures. Sent with a registration, answered with
/// the version.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record VersionOptimizationResponse
{
    /// <summary>The version it was optimized from.</summary>
    public required string SourceVersion { get; init; }

    /// <summary>The steps taken, in order, joined by "; " (at most 1000 characters).</summary>
    public required string Steps { get; init; }

    /// <summary>How many evaluation samples the accuracy gate compared.</summary>
    public required int Samples { get; init; }

    /// <summary>Classifiers: the share (0 to 1) of samples with the source's top-1 class; null otherwise.</summary>
    public double? Top1Agreement { get; init; }

    /// <summary>Classifiers with labels: the source version's accuracy (0 to 1); null otherwise.</summary>
    public double? SourceAccuracy { get; init; }

    /// <summary>Classifiers with labels: this version's accuracy (0 to 1); null otherwise.</summary>
    public double? Accuracy { get; init; }

    /// <summary>The largest absolute difference of one output value.</summary>
    public required double MaxAbsError { get; init; }

    /// <summary>The lowest cosine similarity of one sample's output to the source's.</summary>
    public required double MinCosineSimilarity { get; init; }

    /// <summary>The source artifact's size in bytes.</summary>
    public required long SourceBytes { get; init; }

    /// <summary>This artifact's size in bytes.</summary>
    public required long Bytes { get; init; }

    /// <summary>Where the whole report is (a path or URI, at most 500 characters); null when none was kept.</summary>
    public string? Report { get; init; }
}
