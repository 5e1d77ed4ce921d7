using System.Text.Json;
using System.Text.Json.Serialization;
using ServingFabric.Optimization.Pipeline;

namespace ServingFabric.Optimization.Gate;

/// <summary>
/// An evaluation set as a JSON file: <c>{"input": "input", "shape": [4], "samples": [[5.1, 3.5, 1.4, 0.2], ...], "labels": [0, ...]}</c>;
/// labels are optional (classifiers only).
/// </summary>
public sealed record EvaluationSetFile
{
    public required string Input { get; init; }

    public required IReadOnlyList<long> Shape { get; init; }

    public required IReadOnlyList<float[]> Samples { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Labels { get; init; }

    /// <exception cref="InvalidDataException">The file is not an evaluation set; the message says what is wrong.</exception>
    public static EvaluationSet Read(string path)
    {
        EvaluationSetFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllText(path), OptimizationJsonContext.Default.EvaluationSetFile);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not an evaluation set ({ex.Message}); write {{\"input\": \"input\", \"shape\": [4], \"samples\": [[5.1, 3.5, 1.4, 0.2]], \"labels\": [0]}}.", ex);
        }

        return file is null
            ? throw new InvalidDataException($"{path} holds null; write an evaluation set object.")
            : new EvaluationSet(file.Input, file.Shape, file.Samples, file.Labels);
    }

    public static void Write(string path, EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var file = new EvaluationSetFile { Input = set.InputName, Shape = set.SampleShape, Samples = set.Samples, Labels = set.Labels };
        File.WriteAllText(path, JsonSerializer.Serialize(file, OptimizationJsonContext.Default.EvaluationSetFile));
    }
}
