using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

/// <summary>A parsed command line.</summary>
/// <remarks><see cref="ApiKey"/> and <see cref="Actor"/> travel with every command; only changes need them.</remarks>
internal abstract record CliCommand(Uri Url)
{
    /// <summary>The admin key sent as <c>Authorization: Bearer</c> (from --api-key or FABRIC_API_KEY); null: none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Who acts, sent as <c>x-fabric-actor</c> for the event log (from --actor or FABRIC_ACTOR); null: none.</summary>
    public string? Actor { get; init; }
}

/// <summary><c>fabric models get NAME</c>: a model's versions and replicas.</summary>
internal sealed record GetModelCommand(Uri Url, string Model) : CliCommand(Url);

/// <summary><c>fabric events</c>: the event log of one model or all.</summary>
internal sealed record ListEventsCommand(Uri Url, string? Model, long After) : CliCommand(Url);

/// <summary><c>fabric help</c>, <c>--help</c>, or no arguments.</summary>
internal sealed record HelpCommand(Uri Url) : CliCommand(Url);

/// <summary><c>fabric versions list MODEL</c>.</summary>
internal sealed record ListVersionsCommand(Uri Url, string Model) : CliCommand(Url);

/// <summary><c>fabric experiment get MODEL [--watch]</c>: the running or latest canary or A/B test.</summary>
/// <param name="Url">The gateway.</param>
/// <param name="Model">The model.</param>
/// <param name="Watch">Refresh until the release ends.</param>
/// <param name="Interval">Time between refreshes.</param>
/// <param name="Timeout">Longest time to watch.</param>
internal sealed record GetExperimentCommand(Uri Url, string Model, bool Watch, TimeSpan Interval, TimeSpan Timeout) : CliCommand(Url);

/// <summary><c>fabric scaling get MODEL</c>.</summary>
internal sealed record GetScalingCommand(Uri Url, string Model) : CliCommand(Url);

/// <summary>
/// A command that changes something: one request to the management API with a JSON body (built from the options) and
/// the view that renders the answer.
/// </summary>
/// <param name="Url">The gateway.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path under the gateway, such as <c>v1/models/iris/canary</c>.</param>
/// <param name="Body">The JSON body; null: none.</param>
/// <param name="View">How to print the answer.</param>
internal sealed record ChangeCommand(Uri Url, HttpMethod Method, string Path, JsonObject? Body, AnswerView View) : CliCommand(Url);

/// <summary>Which view prints a change's answer.</summary>
internal enum AnswerView
{
    /// <summary>The model (PUT /v1/models/{name}, fault injection).</summary>
    Model,

    /// <summary>One registered version.</summary>
    Version,

    /// <summary>The version registry.</summary>
    Versions,

    /// <summary>A release (canary, A/B, promote, abort, pause, resume).</summary>
    Release,

    /// <summary>Rollback: a release aborted or the default version restored.</summary>
    Rollback,

    /// <summary>Scaling settings and decisions.</summary>
    Scaling,
}
