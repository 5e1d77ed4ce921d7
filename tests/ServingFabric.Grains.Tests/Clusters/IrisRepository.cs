using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;

namespace ServingFabric.Grains.Tests.Clusters;

/// <summary>Writes models into a test repository, every version the iris MLP, so every output is known exactly.</summary>
internal static class IrisRepository
{
    /// <summary>
    /// The iris sample exactly as the embedded default writes it (config.json with its SHA-256), under
    /// <paramref name="model"/>, its config changed by <paramref name="change"/> when given.
    /// </summary>
    public static void WriteSample(string root, string model = SampleModels.IrisModelName, Func<ModelConfig, ModelConfig>? change = null)
    {
        if (model != SampleModels.IrisModelName)
        {
            // The sample always lands under "iris": write it beside the repository, then move it into place.
            var staging = Path.Combine(Path.GetTempPath(), "sf-sample-" + Guid.NewGuid().ToString("N"));
            SampleModels.WriteSampleRepository(staging);
            Directory.Move(Path.Combine(staging, SampleModels.IrisModelName), Path.Combine(root, model));
            Directory.Delete(staging);
        }
        else
        {
            SampleModels.WriteSampleRepository(root);
        }

        if (change is not null)
        {
            var configPath = Path.Combine(root, model, FileSystemModelRepository.ConfigFileName);
            ModelConfigJson.Write(configPath, change(ModelConfigJson.Read(configPath)));
        }
    }

    /// <summary>Writes <paramref name="versions"/> of <paramref name="model"/> as the iris MLP, and <paramref name="config"/> as its config.json.</summary>
    public static void WriteModel(string root, string model, ModelConfig config, params string[] versions)
    {
        foreach (var version in versions)
        {
            WriteVersion(root, model, version);
        }

        WriteConfig(root, model, config);
    }

    /// <summary>Writes one version's artifact (the iris MLP) and returns its SHA-256, for a config.json to carry.</summary>
    public static string WriteVersion(string root, string model, string version)
    {
        var artifact = Path.Combine(root, model, version, FileSystemModelRepository.ArtifactFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        File.WriteAllBytes(artifact, SampleModels.CreateIrisMlp());
        return ArtifactVerifier.ComputeSha256(artifact);
    }

    public static void WriteConfig(string root, string model, ModelConfig config) =>
        ModelConfigJson.Write(Path.Combine(root, model, FileSystemModelRepository.ConfigFileName), config);
}
