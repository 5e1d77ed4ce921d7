using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Validation;

/// <summary>
/// What a replica checks on its own. Requests are validated once, at the front (<see cref="RequestValidator"/>), but an
/// Orleans client can call a replica grain directly, so a replica still refuses what would break or corrupt a batch it
/// shares with other callers: an unknown input or output, a datatype that is not the model's (the data length depends
/// on it), rows that disagree, data that does not fill its shape, BYTES data out of layout. What it leaves out
/// (missing or repeated inputs, ranks and sizes after the first dimension) is part of the batch signature: such a
/// request never shares a batch, and the engine refuses it alone. No allocation on the way through.
/// </summary>
internal static class ReplicaRequestGuard
{
    /// <summary>Checks <paramref name="request"/> and returns its batch rows, as <see cref="RequestValidator.Validate"/> does.</summary>
    /// <exception cref="InferenceException">Kind <see cref="InferenceErrorKind.InvalidInput"/>, with the validator's message.</exception>
    public static int Check(InferenceRequest request, ModelMetadata metadata)
    {
        var rows = 1;
        string? rowsSetBy = null;
        var inputs = request.Inputs ?? [];
        for (var i = 0; i < inputs.Count; i++)
        {
            var tensor = inputs[i];
            var expected = Find(metadata.Inputs, tensor?.Name) ?? throw RequestValidator.UnknownInput(tensor?.Name ?? string.Empty, metadata);
            TensorValidator.ValidateDataType(tensor!, expected);
            var shape = tensor!.Shape ?? [];
            TensorValidator.ValidateDimensions(expected.Name, shape);
            var inputRows = TensorValidator.BatchRows(expected.Name, shape, metadata.MaxBatchSize);
            if (rowsSetBy is null)
            {
                (rows, rowsSetBy) = (inputRows, expected.Name);
            }
            else if (inputRows != rows)
            {
                throw RequestValidator.BatchSizesDiffer(expected.Name, inputRows, rowsSetBy, rows);
            }

            TensorValidator.ValidateData(expected.Name, tensor, shape);
        }

        // The batch runs the union of its requests' outputs: one unknown name would fail every request in it.
        var outputs = request.Outputs ?? [];
        for (var i = 0; i < outputs.Count; i++)
        {
            if (Find(metadata.Outputs, outputs[i]?.Name) is null)
            {
                throw RequestValidator.UnknownOutput(outputs[i]?.Name ?? string.Empty, metadata);
            }
        }

        return rows;
    }

    private static TensorMetadata? Find(IReadOnlyList<TensorMetadata> tensors, string? name)
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
}
