using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Versions;

namespace ServingFabric.Client;

/// <summary>What <see cref="IFabricManagementClient.RollbackAsync"/> did: exactly one of the two is set.</summary>
/// <param name="AbortedRelease">The release that was in progress and is now aborted.</param>
/// <param name="DefaultRollback">No release was in progress: the default version went back to the previous one.</param>
public sealed record RollbackResult(ExperimentResponse? AbortedRelease, DefaultRollbackResponse? DefaultRollback);
