using System.Globalization;
using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Client;

/// <summary>
/// Builds an <see cref="InferenceRequest"/> without spelling out tensors as bytes:
/// <code>
/// var request = new InferenceRequestBuilder("iris")
///     .WithVersion("1").WithId("r1")
///     .AddInput("input", [1, 4], [5.1f, 3.5f, 1.4f, 0.2f])
///     .RequestOutput("probabilities")
///     .WithTimeout(TimeSpan.FromSeconds(2))
///     .Build();
/// </code>
/// </summary>
public sealed partial class InferenceRequestBuilder
{
    private readonly string _modelName;
    private readonly List<Tensor> _inputs = [];
    private readonly List<RequestedOutput> _outputs = [];
    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private string? _version;
    private string _id = string.Empty;
    private string? _routingKey;
    private TimeSpan? _timeout;
    private DateTimeOffset? _deadline;

    /// <summary>Starts a request for <paramref name="modelName"/>.</summary>
    public InferenceRequestBuilder(string modelName)
        : this(modelName, TimeProvider.System)
    {
    }

    /// <summary>Starts a request whose <see cref="WithTimeout"/> counts on <paramref name="timeProvider"/> (for tests).</summary>
    public InferenceRequestBuilder(string modelName, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _modelName = modelName;
        _timeProvider = timeProvider;
    }

    /// <summary>Pins a model version; without it the server's traffic policy chooses.</summary>
    public InferenceRequestBuilder WithVersion(string? version)
    {
        _version = string.IsNullOrEmpty(version) ? null : version;
        return this;
    }

    /// <summary>The request id, echoed in the response (default: empty).</summary>
    public InferenceRequestBuilder WithId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _id = id;
        return this;
    }

    /// <summary>Sticky routing: requests with the same key get the same version while traffic is split.</summary>
    public InferenceRequestBuilder WithRoutingKey(string routingKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(routingKey);
        _routingKey = routingKey;
        return this;
    }

    /// <summary>The request's deadline is <see cref="Build"/> time plus <paramref name="timeout"/>.</summary>
    public InferenceRequestBuilder WithTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = timeout;
        _deadline = null;
        return this;
    }

    /// <summary>An absolute deadline; replaces <see cref="WithTimeout"/>.</summary>
    public InferenceRequestBuilder WithDeadline(DateTimeOffset deadline)
    {
        _deadline = deadline.ToUniversalTime();
        _timeout = null;
        return this;
    }

    /// <summary>Adds an input tensor built elsewhere (for example with <see cref="TensorFactory"/>).</summary>
    public InferenceRequestBuilder AddInput(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (_inputs.Exists(input => input.Name == tensor.Name))
        {
            throw new ArgumentException($"Input '{tensor.Name}' was already added; each input name may appear once.", nameof(tensor));
        }

        _inputs.Add(tensor);
        return this;
    }

    /// <summary>Adds a BYTES input, one string per element (UTF-8 on the wire).</summary>
    public InferenceRequestBuilder AddInput(string name, long[] shape, IReadOnlyList<string> values) =>
        AddInput(TensorFactory.Create(name, shape, values));

    /// <summary>Asks for one output; call once per output. Without any, the server returns every output.</summary>
    public InferenceRequestBuilder RequestOutput(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_outputs.Exists(output => output.Name == name))
        {
            _outputs.Add(new RequestedOutput(name));
        }

        return this;
    }

    /// <summary>A string request parameter.</summary>
    public InferenceRequestBuilder WithParameter(string name, string value) =>
        WithRawParameter(name, JsonSerializer.Serialize(value));

    /// <summary>An integer request parameter.</summary>
    public InferenceRequestBuilder WithParameter(string name, long value) =>
        WithRawParameter(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A boolean request parameter.</summary>
    public InferenceRequestBuilder WithParameter(string name, bool value) =>
        WithRawParameter(name, value ? "true" : "false");

    /// <summary>A request parameter given as JSON text (for example <c>"\"abc\""</c> or <c>1.5</c>), passed on as is.</summary>
    public InferenceRequestBuilder WithRawParameter(string name, string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(json);
        _parameters[name] = json;
        return this;
    }

    /// <summary>The request; the builder may be reused (a timeout restarts at each build).</summary>
    public InferenceRequest Build()
    {
        if (_inputs.Count == 0)
        {
            throw new InvalidOperationException($"The request for model '{_modelName}' has no inputs; add them with AddInput before Build.");
        }

        var deadline = _deadline ?? (_timeout is { } timeout ? _timeProvider.GetUtcNow() + timeout : null);
        return new InferenceRequest(
            _id,
            _modelName,
            _version,
            [.. _inputs],
            _outputs.Count == 0 ? null : [.. _outputs],
            _parameters.Count == 0 ? null : new Dictionary<string, string>(_parameters, StringComparer.Ordinal),
            deadline,
            _routingKey);
    }
}
