using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Validation;

/// <summary>
/// Checks a request against a model's metadata before anything runs, so a bad request is answered 400 with a
/// message naming the tensor and what was expected, instead of failing inside the engine (and with it a whole batch).
/// The one full validation of a request, at the point of trust: the model's front, and the gateway's cache-hit path
/// for what it answers itself. Replicas only guard their batches (<see cref="ReplicaRequestGuard"/>).
/// </summary>
public static class RequestValidator
{
    /// <summary>
    /// Validates <paramref name="request"/> and returns its batch rows: the first dimension shared by every input
    /// when <see cref="ModelMetadata.MaxBatchSize"/> is above 0, else 1.
    /// </summary>
    /// <exception cref="InferenceException">Kind <see cref="InferenceErrorKind.InvalidInput"/> when anything does not match.</exception>
    public static int Validate(InferenceRequest request, ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(metadata);

        var inputs = MatchInputs(request.Inputs ?? [], metadata);
        var batching = metadata.MaxBatchSize > 0;
        var rows = 1;
        string? rowsSetBy = null;
        for (var i = 0; i < metadata.Inputs.Count; i++)
        {
            var inputRows = TensorValidator.Validate(inputs[i], metadata.Inputs[i], metadata.MaxBatchSize);
            if (!batching)
            {
                continue;
            }

            if (rowsSetBy is null)
            {
                (rows, rowsSetBy) = (inputRows, inputs[i].Name);
            }
            else if (inputRows != rows)
            {
                throw BatchSizesDiffer(inputs[i].Name, inputRows, rowsSetBy, rows);
            }
        }

        ValidateOutputs(request.Outputs, metadata);
        return rows;
    }

    // Returns the request's tensors in model input order, so later checks pair each with its metadata.
    private static Tensor[] MatchInputs(IReadOnlyList<Tensor> given, ModelMetadata metadata)
    {
        // Linear searches instead of a dictionary: models have a handful of inputs, and this runs on every request.
        for (var i = 0; i < given.Count; i++)
        {
            var tensor = given[i];
            var name = tensor?.Name ?? string.Empty;
            if (tensor is null || IndexOf(metadata.Inputs, name) < 0)
            {
                throw UnknownInput(name, metadata);
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(given[j].Name, name, StringComparison.Ordinal))
                {
                    throw Invalid($"input '{name}' appears more than once; send each input exactly once");
                }
            }
        }

        var ordered = new Tensor[metadata.Inputs.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            var name = metadata.Inputs[i].Name;
            ordered[i] = Find(given, name) ?? throw Invalid($"input '{name}' is missing; model '{metadata.Name}' expects inputs: {ExpectedInputs(metadata)}");
        }

        return ordered;
    }

    private static int IndexOf(IReadOnlyList<TensorMetadata> tensors, string name)
    {
        for (var i = 0; i < tensors.Count; i++)
        {
            if (string.Equals(tensors[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static Tensor? Find(IReadOnlyList<Tensor> tensors, string name)
    {
        for (var i = 0; i < tensors.Count; i++)
        {
            if (string.Equals(tensors[i].Name, name, StringComparison.Ordinal))
            {
                return tensors[i];
            }
        }

        return null;
    }

    private static string ExpectedInputs(ModelMetadata metadata) => string.Join(", ", metadata.Inputs.Select(i => i.Name));

    private static void ValidateOutputs(IReadOnlyList<RequestedOutput>? requested, ModelMetadata metadata)
    {
        if (requested is null)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in requested)
        {
            var name = output?.Name ?? string.Empty;
            if (IndexOf(metadata.Outputs, name) < 0)
            {
                throw UnknownOutput(name, metadata);
            }

            if (!seen.Add(name))
            {
                throw Invalid($"output '{name}' is requested more than once; request each output once");
            }
        }
    }

    internal static InferenceException UnknownInput(string name, ModelMetadata metadata) =>
        Invalid($"unknown input '{name}'; model '{metadata.Name}' expects inputs: {ExpectedInputs(metadata)}");

    internal static InferenceException UnknownOutput(string name, ModelMetadata metadata) =>
        Invalid($"unknown output '{name}'; model '{metadata.Name}' has outputs: {string.Join(", ", metadata.Outputs.Select(o => o.Name))}");

    internal static InferenceException BatchSizesDiffer(string name, int rows, string rowsSetBy, int expectedRows) =>
        Invalid($"input '{name}': batch size {rows} differs from input '{rowsSetBy}' ({expectedRows}); all inputs must have the same first dimension");

    internal static InferenceException Invalid(string message) => new(InferenceErrorKind.InvalidInput, message);
}
