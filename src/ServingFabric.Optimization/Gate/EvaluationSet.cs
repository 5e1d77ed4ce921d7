namespace ServingFabric.Optimization.Gate;

/// <summary>
/// The inputs an accuracy gate runs both models on: samples of one FP32 input, each of <see cref="SampleShape"/>, and
/// optionally the true label of each (for classifiers).
/// </summary>
/// <param name="InputName">The model input the samples feed.</param>
/// <param name="SampleShape">One sample's shape, without the batch dimension.</param>
/// <param name="Samples">The samples, each flattened row-major.</param>
/// <param name="Labels">The true class of each sample, or null when the set is not labelled.</param>
public sealed record EvaluationSet(string InputName, IReadOnlyList<long> SampleShape, IReadOnlyList<float[]> Samples, IReadOnlyList<int>? Labels = null)
{
    /// <summary>Values in one sample.</summary>
    public int SampleLength => (int)SampleShape.Aggregate(1L, (a, b) => a * b);
}
