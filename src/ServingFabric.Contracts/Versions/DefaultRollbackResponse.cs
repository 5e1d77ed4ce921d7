namespace ServingFabric.Contracts.Versions;

/// <summary>
/// <c>POST /v1/models/{name}/rollback</c> when no release was in progress: the default version went back to the
/// previous one. (While a release is in progress, rollback aborts it and answers the release instead.)
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Action">Always <see cref="DefaultRolledBack"/>.</param>
/// <param name="DefaultVersion">The default version now.</param>
/// <param name="Versions">The version registry after the rollback.</param>
public sealed record DefaultRollbackResponse(string Model, string Action, string DefaultVersion, IReadOnlyList<VersionResponse> Versions)
{
    /// <summary>The <c>action</c> of this answer, which tells it apart from a release.</summary>
    public const string DefaultRolledBack = "default_rolled_back";
}
