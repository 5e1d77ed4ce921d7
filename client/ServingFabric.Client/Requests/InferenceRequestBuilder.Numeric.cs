using ServingFabric.Protocol;

namespace ServingFabric.Client;

/// <summary>
/// Typed inputs: one overload per element type, so the datatype follows from the values and cannot disagree with
/// them. Values are row-major; their count must match the shape. Other types: <see cref="TensorFactory"/> and
/// <see cref="AddInput(ServingFabric.Tensors.Tensor)"/>.
/// </summary>
public sealed partial class InferenceRequestBuilder
{
    /// <summary>Adds an FP32 input.</summary>
    public InferenceRequestBuilder AddInput(string name, long[] shape, ReadOnlySpan<float> values) =>
        AddInput(TensorFactory.Create(name, shape, values));

    /// <summary>Adds an FP64 input.</summary>
    public InferenceRequestBuilder AddInput(string name, long[] shape, ReadOnlySpan<double> values) =>
        AddInput(TensorFactory.Create(name, shape, values));

    /// <summary>Adds an FP16 input.</summary>
    public InferenceRequestBuilder AddInput(string name, long[] shape, ReadOnlySpan<Half> values) =>
        AddInput(TensorFactory.Create(name, shape, values));

    /// <summary>Adds an INT32 input.</summary>
    public InferenceRequestBuilder AddInput(string name, long[] shape, ReadOnlySpan<int> values) =>
        AddInput(TensorFactory.Create(name, shape, values));

    /// <summary>Adds an INT64 input.</summary>
    public InferenceRequestBuilder AddInput(string name, long[] shape, ReadOnlySpan<long> values) =>
        AddInput(TensorFactory.Create(name, shape, values));

    /// <summary>Adds a UINT8 input (for example image pixels).</summary>
    public InferenceRequestBuilder AddInput(string name, long[] shape, ReadOnlySpan<byte> values) =>
        AddInput(TensorFactory.Create(name, shape, values));

    /// <summary>Adds a BOOL input.</summary>
    public InferenceRequestBuilder AddInput(string name, long[] shape, ReadOnlySpan<bool> values) =>
        AddInput(TensorFactory.Create(name, shape, values));
}
