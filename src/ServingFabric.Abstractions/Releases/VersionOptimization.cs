namespace ServingFabric.Releases;

/// <summary>
/// How a version was made from another by the model optimizer, as the optimizer's report said when it was registered:
/// the steps, and the accuracy gate's figures on its evaluation set.
/// </summary>
/// <param name="SourceVersion">The version it was optimized from.</param>
/// <param name="Steps">The steps taken, in order, joined by "; ".</param>
/// <param name="Samples">How many evaluation samples the gate compared.</param>
/// <param name="Top1Agreement">Classifiers: the share of samples with the source's top-1 class; null otherwise.</param>
/// <param name="SourceAccuracy">Classifiers with labels: the source version's accuracy; null otherwise.</param>
/// <param name="Accuracy">Classifiers with labels: this version's accuracy; null otherwise.</param>
/// <param name="MaxAbsError">The largest absolute difference of one output value.</param>
/// <param name="MinCosineSimilarity">The lowest cosine similarity of one sample's output to the source's.</param>
/// <param name="SourceBytes">The source artifact's size.</param>
/// <param name="Bytes">This artifact's size.</param>
/// <param name="Report">Where the whole report is (a path or URI); null when none was kept.</param>
[GenerateSerializer, Immutable, Alias("sf.VersionOptimization")]
public sealed record VersionOptimization(
    [property: Id(0)] string SourceVersion,
    [property: Id(1)] string Steps,
    [property: Id(2)] int Samples,
    [property: Id(3)] double? Top1Agreement,
    [property: Id(4)] double? SourceAccuracy,
    [property: Id(5)] double? Accuracy,
    [property: Id(6)] double MaxAbsError,
    [property: Id(7)] double MinCosineSimilarity,
    [property: Id(8)] long SourceBytes,
    [property: Id(9)] long Bytes,
    [property: Id(10)] string? Report)
{
    /// <summary>The most characters of <see cref="Steps"/>.</summary>
    public const int MaxStepsLength = 1000;

    /// <summary>The most characters of <see cref="Report"/>.</summary>
    public const int MaxReportLength = 500;

    /// <summary>The first field out of range and what it expects (snake_case, as the API names it), or null when none is.</summary>
    public (string Field, string Expected)? Problem()
    {
        static bool Share(double? value) => value is not { } v || (double.IsFinite(v) && v is >= 0 and <= 1);
        return string.IsNullOrEmpty(SourceVersion) || SourceVersion.Length > 128 ? ("source_version", "a version name of 1 to 128 characters")
            : string.IsNullOrEmpty(Steps) || Steps.Length > MaxStepsLength ? ("steps", $"1 to {MaxStepsLength} characters")
            : Samples < 1 ? ("samples", "at least 1")
            : !Share(Top1Agreement) ? ("top1_agreement", "a share from 0 to 1")
            : !Share(SourceAccuracy) ? ("source_accuracy", "a share from 0 to 1")
            : !Share(Accuracy) ? ("accuracy", "a share from 0 to 1")
            : !double.IsFinite(MaxAbsError) || MaxAbsError < 0 ? ("max_abs_error", "a finite number, 0 or more")
            : !double.IsFinite(MinCosineSimilarity) || MinCosineSimilarity is < -1 or > 1 ? ("min_cosine_similarity", "a number from -1 to 1")
            : SourceBytes < 1 ? ("source_bytes", "at least 1")
            : Bytes < 1 ? ("bytes", "at least 1")
            : Report is { Length: > MaxReportLength } ? ("report", $"at most {MaxReportLength} characters")
            : null;
    }
}
