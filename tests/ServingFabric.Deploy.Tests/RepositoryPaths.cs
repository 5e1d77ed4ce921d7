using System.Reflection;

namespace ServingFabric.Deploy.Tests;

/// <summary>Where the repository and its Kubernetes manifests are, found from the test's own folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Kubernetes { get; } = Path.Combine(Root, "deploy", "kubernetes");

    /// <summary>The kustomizations an operator applies (each renders a whole deployment).</summary>
    public static IReadOnlyList<string> Overlays { get; } = ["overlays/small", "overlays/keda", "overlays/production", "overlays/production-keda", "overlays/production-keyvault-csi", "overlays/production-keyvault-direct", "overlays/production-gpu"];

    /// <summary>Folders that render on their own: the overlays, the base, the Prometheus Adapter rules and the device plugin's time-slicing example.</summary>
    public static IReadOnlyList<string> Renderable { get; } = [.. Overlays, "base", "prometheus-adapter", "nvidia-device-plugin"];

    public static string Full(string relative) => Path.GetFullPath(Path.Combine(Kubernetes, relative));

    // Above the test's folder when built in the repository; else the folder the project was built from.
    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServingFabric.sln")))
            {
                return folder.FullName;
            }
        }

        var built = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        return built is not null && File.Exists(Path.Combine(built, "ServingFabric.sln"))
            ? built
            : throw new InvalidOperationException($"No ServingFabric.sln above {AppContext.BaseDirectory} nor at {built}: run the tests from the repository.");
    }
}
