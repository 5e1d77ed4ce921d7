namespace ServingFabric.Deploy.Tests;

/// <summary>
/// A copy of <c>deploy/kubernetes</c> in a temporary folder, for tests that change a file the way an operator would
/// (or plant a mistake) and render the result; deleted on dispose.
/// </summary>
internal sealed class ManifestTreeCopy : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sf-manifests-");

    public ManifestTreeCopy()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Kubernetes, "*", SearchOption.AllDirectories))
        {
            var copy = Full(Path.GetRelativePath(RepositoryPaths.Kubernetes, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    /// <summary>The absolute path of <paramref name="relative"/> (as under deploy/kubernetes) in the copy.</summary>
    public string Full(string relative) => Path.Combine(_folder.FullName, relative);

    public void Edit(string relative, Func<string, string> change) => File.WriteAllText(Full(relative), change(File.ReadAllText(Full(relative))));

    public void Dispose() => _folder.Delete(recursive: true);
}
