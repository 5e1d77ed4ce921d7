namespace ServingFabric.Perf.Fabric;

/// <summary>The checkout's root, found from the running assembly so the harness works from bin/ and from tests alike.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ServingFabric.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"No ServingFabric.sln above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}; run the harness from the repository.");
    }
}
