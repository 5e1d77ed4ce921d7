namespace ServingFabric.Compliance.Collection;

/// <summary>
/// The files of the deploy folder, read as untrusted input: regular files only (no links, so nothing outside the folder
/// is read), each up to <see cref="MaxFileBytes"/>, at most <see cref="MaxFiles"/> of them.
/// </summary>
internal sealed class DeployFolder(string root)
{
    public const int MaxFileBytes = 2 * 1024 * 1024;
    public const int MaxFiles = 500;

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Files under <paramref name="relativeFolder"/> whose names end with one of <paramref name="extensions"/>, by path relative to the root.</summary>
    public IEnumerable<(string Relative, string Text)> Files(string relativeFolder, params string[] extensions)
    {
        var folder = Path.Combine(Root, relativeFolder);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden, MaxRecursionDepth = 12 };
        foreach (var path in Directory.EnumerateFiles(folder, "*", options).Where(p => extensions.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal).Take(MaxFiles))
        {
            var info = new FileInfo(path);
            if (info.Length <= MaxFileBytes)
            {
                yield return (Path.GetRelativePath(Root, path).Replace('\\', '/'), File.ReadAllText(path));
            }
        }
    }
}
