using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

/// <summary>
/// A command that changes something: one request to the management API with a JSON body (built from the options) and
/// the view that renders the answer.
/// </summary>
/// <param name="Url">The gateway.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path under the gateway, such as <c>v1/models/iris/canary</c>.</param>
/// <param name="Body">The JSON body; null: none.</param>
/// <param name="View">How to print the answer.</param>
internal sealed record ChangeCommand(Uri Url, HttpMethod Method, string Path, JsonObject? Body, AnswerView View) : CliCommand(Url)
{
    /// <summary>Which change this is, for a typed client.</summary>
    public ChangeOperation Operation { get; init; }

    /// <summary>The model changed.</summary>
    public string Model { get; init; } = "";

    /// <summary>The version concerned, for the changes of one version (and the one registered).</summary>
    public string? Version { get; init; }

    /// <summary>--wait: what to wait for once the change is accepted; null: return at once.</summary>
    public WaitTarget? Wait { get; init; }

    /// <summary>--timeout: the longest time to wait.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Time between status polls while waiting.</summary>
    public TimeSpan WaitInterval { get; init; } = TimeSpan.FromSeconds(2);
}
