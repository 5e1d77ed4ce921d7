using Microsoft.ML.OnnxRuntime;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Tensors;
using ModelMetadata = ServingFabric.Models.ModelMetadata;

namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>Reads a session's inputs and outputs into <see cref="ModelMetadata"/>, refusing what we cannot serve.</summary>
internal static class OnnxMetadataReader
{
    public static ModelMetadata Read(InferenceSession session, string modelName, string version, string artifactPath, ModelConfig config)
    {
        var inputs = Describe(session.InputMetadata, "input", modelName, version, artifactPath, config.MaxBatchSize);
        var outputs = Describe(session.OutputMetadata, "output", modelName, version, artifactPath, config.MaxBatchSize);
        return new ModelMetadata(modelName, version, ModelConfig.OnnxRuntimePlatform, inputs, outputs, config.MaxBatchSize);
    }

    private static List<TensorMetadata> Describe(
        IReadOnlyDictionary<string, NodeMetadata> nodes, string role, string modelName, string version, string artifactPath, int maxBatchSize)
    {
        var described = new List<TensorMetadata>(nodes.Count);
        foreach (var (name, node) in nodes)
        {
            var refused = $"version {version} of model '{modelName}' refused: {role} '{name}' of {artifactPath}";
            if (!node.IsTensor)
            {
                throw new InferenceException(
                    InferenceErrorKind.Unavailable,
                    $"{refused} is a {node.OnnxValueType}; only tensors can be served, so export the model with tensor {role}s");
            }

            if (!OnnxElementTypes.TryToDataType(node.ElementDataType, out var dataType))
            {
                throw new InferenceException(
                    InferenceErrorKind.Unavailable,
                    $"{refused} has element type {node.ElementDataType}; supported are {string.Join(", ", TensorDataTypes.AllWireNames)}");
            }

            // ORT reports symbolic and unknown dimensions as -1 already; anything negative means "variable".
            var shape = node.Dimensions.Select(d => d < 0 ? -1L : d).ToArray();
            // An output of unknown rank also reports no dimensions; only an input is surely a scalar then.
            var unbatchable = shape.Length == 0 ? role == "input" : shape[0] != -1;
            if (maxBatchSize > 0 && unbatchable)
            {
                throw new InferenceException(
                    InferenceErrorKind.Unavailable,
                    $"{refused} has shape [{TensorShape.Format(shape)}] but max_batch_size is {maxBatchSize}, which needs a symbolic first dimension; "
                    + "make the first dimension symbolic (dim_param 'batch') or set max_batch_size to 0 in config.json");
            }

            described.Add(new TensorMetadata(name, dataType, shape));
        }

        return described;
    }
}
