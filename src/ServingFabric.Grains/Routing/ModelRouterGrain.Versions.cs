using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Routing;

// STUB: the versions registry (issue 4) replaces this file.
internal sealed partial class ModelRouterGrain
{
    private IReadOnlyList<string> ActiveVersions(ModelDeploymentSpec spec) => spec.Versions;

    private string DefaultVersionOf(ModelDeploymentSpec spec) => spec.DefaultVersion;

    private IReadOnlyList<ModelVersionInfo>? VersionRegistry(ModelDeploymentSpec spec) => null;

    public Task<ModelVersionInfo> RegisterVersion(VersionRegistration registration, ChangeAuthor author) => throw new NotSupportedException();

    public Task<IReadOnlyList<ModelVersionInfo>> GetVersions() => throw new NotSupportedException();

    public Task SetDefaultVersion(string version, ChangeAuthor author) => throw new NotSupportedException();

    public Task<string> RollbackDefault(ChangeAuthor author) => throw new NotSupportedException();

    public Task RetireVersion(string version, ChangeAuthor author) => throw new NotSupportedException();

    public Task SetTraffic(TrafficSettings settings, ChangeAuthor author) => throw new NotSupportedException();

    public Task SetFaultInjection(string version, FaultInjection? fault, ChangeAuthor author) => throw new NotSupportedException();
}
