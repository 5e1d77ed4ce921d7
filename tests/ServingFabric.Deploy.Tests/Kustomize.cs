using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// The kustomization tree: which files are whole resources, patches or components; and, where kubectl is installed,
/// the rendered output of a folder (<c>kubectl kustomize</c>, no cluster needed).
/// </summary>
internal static class Kustomize
{
    public const string FileName = "kustomization.yaml";

    /// <summary>Every file or folder a kustomization names, with the list it is named in.</summary>
    public static IEnumerable<(string Folder, string List, string Entry)> References(string folder)
    {
        var kustomization = Yaml.File(Path.Combine(folder, FileName)).Single();
        foreach (var list in new[] { "resources", "components", "configurations" })
        {
            foreach (var item in kustomization.Items(list))
            {
                yield return (folder, list, ((YamlScalarNode)item).Value!);
            }
        }

        foreach (var list in new[] { "patches", "replacements" })
        {
            foreach (var entry in kustomization.Items(list))
            {
                if (entry.Text("path") is { } path)
                {
                    yield return (folder, list, path);
                }
            }
        }
    }

    /// <summary>The whole manifests (not patches) that <paramref name="folder"/>'s resources and components bring in, recursively.</summary>
    public static IEnumerable<string> ResourceFiles(string folder)
    {
        foreach (var (from, list, entry) in References(folder))
        {
            if (list is not ("resources" or "components"))
            {
                continue;
            }

            var path = Path.GetFullPath(Path.Combine(from, entry));
            if (Directory.Exists(path))
            {
                foreach (var file in ResourceFiles(path))
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    /// <summary>
    /// The reference <paramref name="name"/> becomes through the nearest <c>images:</c> entry of <paramref name="relativeFolder"/>,
    /// its components (the last listed first, as kustomize applies them in order) or the kustomizations it builds on
    /// (newName, then newTag or digest), or null if none renames it. An entry that changes only the tag is taken whole.
    /// </summary>
    public static string? Image(string relativeFolder, string name)
    {
        var folder = RepositoryPaths.Full(relativeFolder);
        var kustomization = Yaml.File(Path.Combine(folder, FileName)).Single();
        if (kustomization.Items("images").FirstOrDefault(i => i.Text("name") == name) is { } entry)
        {
            var reference = entry.Text("newName") ?? name;
            return entry.Text("digest") is { } digest ? $"{reference}@{digest}" : $"{reference}:{entry.Text("newTag") ?? "latest"}";
        }

        var references = References(folder).ToList();
        return references.Where(r => r.List == "components").Reverse()
            .Concat(references.Where(r => r.List == "resources"))
            .Where(r => File.Exists(Path.Combine(folder, r.Entry, FileName)))
            .Select(r => Image(Path.Combine(folder, r.Entry), name))
            .FirstOrDefault(i => i is not null);
    }

    /// <summary>Every kustomization folder under the manifests.</summary>
    public static IEnumerable<string> Folders() =>
        Directory.EnumerateFiles(RepositoryPaths.Kubernetes, FileName, SearchOption.AllDirectories).Select(f => Path.GetDirectoryName(f)!).Order(StringComparer.Ordinal);

    /// <summary>kubectl on the PATH, or null.</summary>
    public static string? Kubectl { get; } = FindKubectl();

    /// <summary>The documents <c>kubectl kustomize</c> renders for <paramref name="relativeFolder"/>.</summary>
    public static IReadOnlyList<YamlMappingNode> Render(string relativeFolder) =>
        Yaml.Documents(RenderText(relativeFolder), $"kubectl kustomize {relativeFolder}");

    /// <summary>The YAML stream <c>kubectl kustomize</c> prints for <paramref name="relativeFolder"/>.</summary>
    public static string RenderText(string relativeFolder)
    {
        var kubectl = Kubectl ?? throw new InvalidOperationException("kubectl is not on the PATH: these tests render the overlays with `kubectl kustomize` (no cluster needed); install kubectl (apt-get install kubectl, or the Google Cloud SDK's) and run them again");
        var start = new ProcessStartInfo(kubectl, ["kustomize", RepositoryPaths.Full(relativeFolder)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException($"kubectl kustomize {relativeFolder} ran over 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {relativeFolder} failed ({process.ExitCode}): {errors.Result}");
        }

        return output.Result;
    }

    private static string? FindKubectl() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "kubectl"))
            .FirstOrDefault(File.Exists);
}
