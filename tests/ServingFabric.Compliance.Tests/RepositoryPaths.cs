using System.Reflection;

namespace ServingFabric.Compliance.Tests;

/// <summary>Folders of the repository the tests read (deploy/), found from the build's recorded root.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Deploy => Path.Combine(Root, "deploy");
}
