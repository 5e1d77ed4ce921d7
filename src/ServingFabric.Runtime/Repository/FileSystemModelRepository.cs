using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository;

/// <summary>
/// A model repository in a folder: <c>&lt;root&gt;/&lt;model&gt;/config.json</c> and
/// <c>&lt;root&gt;/&lt;model&gt;/&lt;version&gt;/model.onnx</c>. Folders whose names are not valid model or version
/// names are skipped with a warning (hidden ones silently), since they could never be addressed in a URL or a grain key.
/// </summary>
public sealed partial class FileSystemModelRepository : IModelRepository
{
    /// <summary>The artifact's file name in a version folder.</summary>
    public const string ArtifactFileName = "model.onnx";

    /// <summary>The configuration's file name in a model folder.</summary>
    public const string ConfigFileName = "config.json";

    private readonly ILogger _logger;

    /// <summary>Reads models under <paramref name="root"/>; the folder need not exist yet.</summary>
    public FileSystemModelRepository(string root, ILogger<FileSystemModelRepository>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Location = Path.GetFullPath(root);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ListModels()
    {
        if (!Directory.Exists(Location))
        {
            LogRepositoryMissing(_logger, Location);
            return [];
        }

        var models = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(Location))
        {
            var name = Path.GetFileName(folder);
            if (ModelNames.IsValid(name))
            {
                models.Add(name);
            }
            else if (name.StartsWith('.'))
            {
                // Hidden by convention (.git, Kubernetes' ..data links of a mounted ConfigMap): not a mistake.
                continue;
            }
            else
            {
                LogInvalidModelFolder(_logger, folder);
            }
        }

        models.Sort(StringComparer.Ordinal);
        return models;
    }

    /// <inheritdoc />
    public RepositoryModel? Find(string modelName)
    {
        // An invalid name could be "..": it must never become a path.
        if (!ModelNames.IsValid(modelName))
        {
            return null;
        }

        var folder = Path.Combine(Location, modelName);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var config = ModelConfigJson.Read(Path.Combine(folder, ConfigFileName));
        return new RepositoryModel(modelName, config, ListVersions(folder));
    }

    /// <inheritdoc />
    public string GetArtifactPath(string modelName, string version)
    {
        if (!ModelNames.IsValid(modelName) || !ModelNames.IsValid(version))
        {
            throw new InferenceException(
                InferenceErrorKind.InvalidInput,
                $"model '{modelName}' version '{version}' is not a valid name; use letters, digits, '_', '-' or '.', not starting with '.'");
        }

        return Path.Combine(Location, modelName, version, ArtifactFileName);
    }

    private List<string> ListVersions(string modelFolder)
    {
        var versions = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(modelFolder))
        {
            var name = Path.GetFileName(folder);
            if (!File.Exists(Path.Combine(folder, ArtifactFileName)))
            {
                continue;
            }

            if (ModelNames.IsValid(name))
            {
                versions.Add(name);
            }
            else
            {
                LogInvalidVersionFolder(_logger, folder);
            }
        }

        versions.Sort(VersionOrder.Instance);
        return versions;
    }

    [LoggerMessage(1, LogLevel.Warning, "Model repository {Root} does not exist, so it lists no models; create the folder or point the repository at the right path")]
    private static partial void LogRepositoryMissing(ILogger logger, string root);

    [LoggerMessage(2, LogLevel.Warning, "Skipping folder {Folder} in the model repository: its name is not a valid model name; rename it to letters, digits, '_', '-' or '.', not starting with '.'")]
    private static partial void LogInvalidModelFolder(ILogger logger, string folder);

    [LoggerMessage(3, LogLevel.Warning, "Skipping version folder {Folder}: its name is not a valid version name; rename it to letters, digits, '_', '-' or '.', not starting with '.'")]
    private static partial void LogInvalidVersionFolder(ILogger logger, string folder);
}
