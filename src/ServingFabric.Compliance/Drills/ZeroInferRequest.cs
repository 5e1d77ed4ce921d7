using System.Text;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Drills;

/// <summary>
/// A valid Open Inference Protocol request for a model made from its metadata alone: every input one row of zeros.
/// The drills measure the serving path, not the model's answers, so any valid input will do.
/// </summary>
internal static class ZeroInferRequest
{
    public const long MaxElements = 1_000_000;

    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal)
    {
        "FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64",
    };

    /// <summary>The JSON body, or null with why when the model's inputs cannot be filled with zeros.</summary>
    public static (string? Json, string? Why) For(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Inputs.Count == 0)
        {
            return (null, $"model {model.Name} declares no input");
        }

        var inputs = new List<string>();
        foreach (var input in model.Inputs)
        {
            if (!Numeric.Contains(input.Datatype))
            {
                return (null, $"input {input.Name} of {model.Name} is {input.Datatype}; the drills fill only numeric inputs");
            }

            var shape = input.Shape.Select(d => d < 0 ? 1 : d).ToList();
            var elements = shape.Aggregate(1L, (product, d) => d == 0 ? 0 : product > MaxElements ? product : product * d);
            if (elements > MaxElements)
            {
                return (null, $"input {input.Name} of {model.Name} has over {MaxElements} elements per request");
            }

            var data = new StringBuilder().Insert(0, "0,", (int)elements).ToString().TrimEnd(',');
            inputs.Add($$"""{"name":{{System.Text.Json.JsonSerializer.Serialize(input.Name, DrillJsonContext.Default.String)}},"shape":[{{string.Join(',', shape)}}],"datatype":"{{input.Datatype}}","data":[{{data}}]}""");
        }

        return ($$"""{"inputs":[{{string.Join(',', inputs)}}]}""", null);
    }
}
