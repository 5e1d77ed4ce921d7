namespace ServingFabric.Runtime.Repository;

/// <summary>
/// The canonical form of an absolute path with every symbolic link along it followed (what <c>realpath(3)</c> gives),
/// computed with the file system's own link targets so that a link inside an allowed folder that points out of it is
/// seen for where it really leads.
/// </summary>
internal static class RealPaths
{
    /// <summary>More links than this on one path is a loop (Linux's own limit is 40).</summary>
    private const int MaxLinks = 40;

    /// <summary>
    /// The real path of <paramref name="path"/> (absolute), or null when its links loop. Components that do not exist
    /// are kept as written, so a missing file resolves to where it would be.
    /// </summary>
    public static string? Resolve(string path)
    {
        var pending = new Stack<string>(Split(path).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            resolved.Add(part);
            var target = new FileInfo(Join(resolved)).LinkTarget;
            if (target is null)
            {
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            resolved.RemoveAt(resolved.Count - 1);
            if (Path.IsPathRooted(target))
            {
                resolved.Clear();
            }

            foreach (var next in Split(target).Reverse())
            {
                pending.Push(next);
            }
        }

        return Join(resolved);
    }

    /// <summary>Whether <paramref name="path"/> lies strictly inside folder <paramref name="root"/> (both real paths).</summary>
    public static bool IsUnder(string path, string root)
    {
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string[] Split(string path) =>
        path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);

    private static string Join(List<string> parts) =>
        Path.DirectorySeparatorChar + string.Join(Path.DirectorySeparatorChar, parts);
}
