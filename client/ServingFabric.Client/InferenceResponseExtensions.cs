using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Client;

/// <summary>Finds outputs of an <see cref="InferenceResponse"/> by name.</summary>
public static class InferenceResponseExtensions
{
    /// <summary>
    /// The output named <paramref name="name"/>; a missing output throws <see cref="InferenceException"/>
    /// (<see cref="InferenceErrorKind.NotFound"/>) naming the outputs the response has.
    /// </summary>
    public static Tensor GetOutput(this InferenceResponse response, string name) =>
        response.TryGetOutput(name, out var tensor)
            ? tensor
            : throw new InferenceException(
                InferenceErrorKind.NotFound,
                $"The response of model '{response.ModelName}' version '{response.ModelVersion}' has no output '{name}'; "
                + $"it has: {(response.Outputs.Count == 0 ? "(none)" : string.Join(", ", response.Outputs.Select(o => o.Name)))}. "
                + "Check the name against the model's metadata, and that the request asked for it (RequestOutput) if it asked for any.");

    /// <summary>The output named <paramref name="name"/>, or false.</summary>
    public static bool TryGetOutput(this InferenceResponse response, string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Tensor? tensor)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(name);
        tensor = null;
        foreach (var output in response.Outputs)
        {
            if (output.Name == name)
            {
                tensor = output;
                return true;
            }
        }

        return false;
    }
}
