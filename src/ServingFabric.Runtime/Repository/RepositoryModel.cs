using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository;

/// <summary>A model as found in the repository: its config and its version folders (ascending, numeric first).</summary>
public sealed record RepositoryModel(string Name, ModelConfig Config, IReadOnlyList<string> Versions)
{
    /// <summary>The config's default version, else the highest version.</summary>
    public string? DefaultVersion => Config.DefaultVersion ?? (Versions.Count == 0 ? null : Versions[^1]);
}
