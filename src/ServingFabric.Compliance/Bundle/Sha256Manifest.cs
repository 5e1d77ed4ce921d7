using System.Security.Cryptography;

namespace ServingFabric.Compliance.Bundle;

/// <summary>
/// <c>MANIFEST.sha256</c>: one <c>hash  path</c> line per file of the bundle, sorted, in the format <c>sha256sum -c</c>
/// verifies, so an auditor can prove no file was changed after the run.
/// </summary>
public static class Sha256Manifest
{
    public const string FileName = "MANIFEST.sha256";

    public static string Write(string folder)
    {
        var lines = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path).Replace('\\', '/'))
            .Where(relative => relative != FileName)
            .Order(StringComparer.Ordinal)
            .Select(relative => $"{Hash(Path.Combine(folder, relative))}  {relative}");
        var manifest = Path.Combine(folder, FileName);
        File.WriteAllText(manifest, string.Join('\n', lines) + "\n");
        return manifest;
    }

    /// <summary>The files whose hash differs from the manifest's, or that are missing; empty when the bundle is intact.</summary>
    public static IReadOnlyList<string> Verify(string folder)
    {
        var mismatches = new List<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(folder, FileName)).Where(l => l.Length > 0))
        {
            var (hash, relative) = (line[..64], line[66..]);
            var path = Path.Combine(folder, relative);
            if (!File.Exists(path) || Hash(path) != hash)
            {
                mismatches.Add(relative);
            }
        }

        return mismatches;
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
