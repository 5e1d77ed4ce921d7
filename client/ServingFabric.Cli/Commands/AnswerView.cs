namespace ServingFabric.Cli;

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
