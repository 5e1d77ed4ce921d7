using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;

namespace ServingFabric.Gateway.Tests;

/// <summary>The sample model under another name in the same repository, its config.json changed by the test.</summary>
internal static class SampleModelCopies
{
    public static void Write(string repository, string name, Func<ModelConfig, ModelConfig> change)
    {
        var source = Path.Combine(repository, SampleModels.IrisModelName);
        var target = Path.Combine(repository, name);
        Directory.CreateDirectory(Path.Combine(target, "1"));
        File.Copy(Path.Combine(source, "1", FileSystemModelRepository.ArtifactFileName), Path.Combine(target, "1", FileSystemModelRepository.ArtifactFileName));
        var config = change(ModelConfigJson.Read(Path.Combine(source, FileSystemModelRepository.ConfigFileName)));
        ModelConfigJson.Write(Path.Combine(target, FileSystemModelRepository.ConfigFileName), config);
    }
}
