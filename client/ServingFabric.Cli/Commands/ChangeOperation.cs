namespace ServingFabric.Cli;

/// <summary>Which change of the management API a command makes; it decides the method, the path and the answer's view.</summary>
internal enum ChangeOperation
{
    /// <summary>PUT /v1/models/{name}: traffic weights and mirroring.</summary>
    UpdateModel,

    /// <summary>POST /v1/models/{name}/versions.</summary>
    RegisterVersion,

    /// <summary>POST /v1/models/{name}/versions/{v}/default.</summary>
    SetDefaultVersion,

    /// <summary>POST /v1/models/{name}/versions/{v}/retire.</summary>
    RetireVersion,

    /// <summary>POST /v1/models/{name}/rollback.</summary>
    Rollback,

    /// <summary>PUT /v1/models/{name}/versions/{v}/fault.</summary>
    SetFault,

    /// <summary>DELETE /v1/models/{name}/versions/{v}/fault.</summary>
    ClearFault,

    /// <summary>POST /v1/models/{name}/canary.</summary>
    StartCanary,

    /// <summary>POST /v1/models/{name}/experiments.</summary>
    StartAbTest,

    /// <summary>POST /v1/models/{name}/promote.</summary>
    Promote,

    /// <summary>POST /v1/models/{name}/abort.</summary>
    Abort,

    /// <summary>POST /v1/models/{name}/pause.</summary>
    Pause,

    /// <summary>POST /v1/models/{name}/resume.</summary>
    Resume,

    /// <summary>PUT /v1/models/{name}/scaling.</summary>
    UpdateScaling,
}
