namespace ServingFabric.EndToEnd.Tests;

/// <summary>Finds the repository and the built silo from the test's own output folder, whatever the configuration.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>This test assembly's build configuration (Debug or Release), read from its output folder.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The silo's project folder, what the README passes to <c>dotnet run --project</c>.</summary>
    public static string SiloProject => Path.Combine(Root, "silo", "ServingFabric.Silo");

    /// <summary>bin/&lt;Configuration&gt;/net10.0 of the silo, matching this test assembly's configuration.</summary>
    public static string SiloAssembly
    {
        get
        {
            var path = Path.Combine(SiloProject, "bin", Configuration, "net10.0", "ServingFabric.Silo.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The silo is not built at {path}; build the solution first (bash tests/run.sh does).");
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServingFabric.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No ServingFabric.sln above {AppContext.BaseDirectory}.");
    }
}
