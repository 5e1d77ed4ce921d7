using Microsoft.ML.OnnxRuntime;

namespace ServingFabric.Optimization.Gate;

/// <summary>A model's inputs and outputs as ONNX Runtime reports them after loading it: what callers depend on.</summary>
public sealed record ModelSignature(IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    /// <summary>Loads the model in ONNX Runtime and reads its metadata.</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime cannot load the model.</exception>
    public static ModelSignature Read(byte[] model)
    {
        using var session = new InferenceSession(model);
        return new([.. session.InputMetadata.Select(Describe)], [.. session.OutputMetadata.Select(Describe)]);
    }

    /// <summary>What differs from <paramref name="original"/>, one line each; empty when callers cannot tell them apart.</summary>
    public IReadOnlyList<string> DifferencesFrom(ModelSignature original)
    {
        ArgumentNullException.ThrowIfNull(original);
        return [.. Compare("input", original.Inputs, Inputs), .. Compare("output", original.Outputs, Outputs)];
    }

    private static IEnumerable<string> Compare(string kind, IReadOnlyList<string> original, IReadOnlyList<string> candidate)
    {
        foreach (var missing in original.Except(candidate))
        {
            yield return $"the original's {kind} {missing} is not in the candidate";
        }

        foreach (var extra in candidate.Except(original))
        {
            yield return $"the candidate's {kind} {extra} is not in the original";
        }
    }

    // Symbolic dimensions are written by name: a batch dimension that became fixed is a change callers would notice.
    private static string Describe(KeyValuePair<string, NodeMetadata> entry) =>
        $"{entry.Key} {entry.Value.ElementDataType} [{string.Join(", ", entry.Value.Dimensions.Select((d, i) => d >= 0 ? d.ToString() : SymbolicName(entry.Value, i)))}]";

    private static string SymbolicName(NodeMetadata metadata, int axis) =>
        metadata.SymbolicDimensions.Length > axis && !string.IsNullOrEmpty(metadata.SymbolicDimensions[axis]) ? metadata.SymbolicDimensions[axis] : "?";
}
