namespace ServingFabric.Chaos.Fabric;

/// <summary>Finds the repository, the built silo and Azurite from this assembly's output folder, whatever the configuration.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>This assembly's build configuration (Debug or Release), read from its output folder bin/&lt;Configuration&gt;/net10.0.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The silo executable of the same configuration; the project references it so it is built first.</summary>
    public static string SiloAssembly
    {
        get
        {
            var path = Path.Combine(Root, "silo", "ServingFabric.Silo", "bin", Configuration, "net10.0", "ServingFabric.Silo.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The silo is not built at {path}; build chaos/ServingFabric.Chaos (bash chaos/run.sh does).");
        }
    }

    /// <summary>Azurite's Table service entry, installed by <c>npm ci</c> in tests/ from the repository's lockfile.</summary>
    public static string AzuriteTableEntry
    {
        get
        {
            var path = Path.Combine(Root, "tests", "node_modules", "azurite", "dist", "src", "table", "main.js");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Azurite is not installed at {path}; run `npm ci` in tests/ (bash chaos/run.sh and bash tests/run.sh do).");
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
