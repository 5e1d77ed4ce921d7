using Microsoft.ML.OnnxRuntime;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Tensors;
using ModelMetadata = ServingFabric.Models.ModelMetadata;

namespace ServingFabric.Runtime.Engines.Onnx;

/// <summary>
/// One ONNX Runtime session serving one model version. <see cref="Run"/> may be called from several threads:
/// <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is thread-safe and each call owns its values.
/// </summary>
internal sealed class OnnxRuntimeEngine : IInferenceEngine
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly Dictionary<string, TensorMetadata> _inputs;
    private readonly HashSet<string> _outputs;
    private readonly string[] _allOutputs;
    private readonly string _label;
    private readonly long _sharedArenaBytes;
    private int _disposed;

    /// <param name="session">The loaded session, owned from now on.</param>
    /// <param name="options">Its options, owned from now on.</param>
    /// <param name="metadata">Its inputs and outputs.</param>
    /// <param name="sharedArenaBytes">The cap of the shared arena it allocates from; 0 when it has its own or none.</param>
    public OnnxRuntimeEngine(InferenceSession session, SessionOptions options, ModelMetadata metadata, long sharedArenaBytes = 0)
    {
        _sharedArenaBytes = sharedArenaBytes;
        _session = session;
        _options = options;
        Metadata = metadata;
        _inputs = metadata.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        _allOutputs = metadata.Outputs.Select(o => o.Name).ToArray();
        _outputs = new HashSet<string>(_allOutputs, StringComparer.Ordinal);
        _label = $"model '{metadata.Name}' version {metadata.Version}";
    }

    public ModelMetadata Metadata { get; }

    /// <summary>Runs one batch; an empty <paramref name="outputNames"/> means every output, in model order.</summary>
    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var names = outputNames.Count == 0 ? _allOutputs : outputNames;
        CheckRequest(inputs, names);

        var values = new List<OrtValue>(inputs.Count);
        try
        {
            foreach (var tensor in inputs)
            {
                values.Add(OrtTensorConverter.ToOrtValue(tensor));
            }

            return RunSession(inputs, values, names);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
            _options.Dispose();
        }
    }

    private Tensor[] RunSession(IReadOnlyList<Tensor> inputs, List<OrtValue> values, IReadOnlyList<string> names)
    {
        using var runOptions = new RunOptions();
        IDisposableReadOnlyCollection<OrtValue> results;
        try
        {
            results = _session.Run(runOptions, inputs.Select(t => t.Name).ToArray(), values, names.ToArray());
        }
        catch (OnnxRuntimeException ex) when (_sharedArenaBytes > 0 && OnnxSharedCpuArena.IsExhausted(ex))
        {
            throw new InferenceException(InferenceErrorKind.Unavailable,
                $"{_label} needs more memory than the silo's shared ONNX Runtime arena has free ({_sharedArenaBytes} bytes at most, ServingFabric:Silo:OnnxArenaMaxBytes): {ex.Message}; retry with a smaller batch, raise the setting, or run the model without the shared arena (\"memory\": {{\"arena\": false}} in config.json)",
                ex);
        }
        catch (OnnxRuntimeException ex)
        {
            // Our checks pass everything but shapes the graph itself rejects; ORT tags those InvalidArgument.
            var kind = ex.Message.Contains("InvalidArgument", StringComparison.Ordinal) ? InferenceErrorKind.InvalidInput : InferenceErrorKind.Internal;
            throw new InferenceException(kind, $"{_label} failed to run the batch: {ex.Message}", ex);
        }

        using (results)
        {
            var outputs = new Tensor[names.Count];
            var index = 0;
            foreach (var result in results)
            {
                outputs[index] = OrtTensorConverter.ToTensor(names[index], result);
                index++;
            }

            return outputs;
        }
    }

    // Every batch passes here, so duplicates are found by scanning the names before each one instead of a set per
    // batch: models have a handful of inputs and outputs.
    private void CheckRequest(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            var tensor = inputs[i];
            if (!_inputs.TryGetValue(tensor.Name, out var expected))
            {
                throw new InferenceException(InferenceErrorKind.InvalidInput, $"{_label} has no input '{tensor.Name}'; its inputs are: {string.Join(", ", _inputs.Keys)}");
            }

            if (NamedBefore(inputs, i, tensor.Name))
            {
                throw new InferenceException(InferenceErrorKind.InvalidInput, $"{_label}: input '{tensor.Name}' was given twice; send each input once");
            }

            EngineInputGuard.Check(tensor, expected, _label);
        }

        // Every name is known and none repeats, so as many inputs as the model declares means all of them.
        if (inputs.Count != _inputs.Count)
        {
            var missing = _inputs.Keys.Where(n => !inputs.Any(t => t.Name == n));
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"{_label} needs input(s) {string.Join(", ", missing)}; send every input the model declares");
        }

        for (var i = 0; i < outputNames.Count; i++)
        {
            var name = outputNames[i];
            if (!_outputs.Contains(name))
            {
                throw new InferenceException(InferenceErrorKind.InvalidInput, $"{_label} has no output '{name}'; its outputs are: {string.Join(", ", _allOutputs)}");
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(outputNames[j], name, StringComparison.Ordinal))
                {
                    throw new InferenceException(InferenceErrorKind.InvalidInput, $"{_label}: output '{name}' was requested twice; request each output once");
                }
            }
        }
    }

    private static bool NamedBefore(IReadOnlyList<Tensor> inputs, int index, string name)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(inputs[j].Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
