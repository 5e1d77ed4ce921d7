using System.Security.Cryptography;
using Azure.Storage.Blobs;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Tests.Shared;

/// <summary>Writes a model repository into a container the way an operator's upload would: artifacts, then config.json.</summary>
internal sealed class BlobRepositoryContent(BlobContainerClient container, string prefix)
{
    /// <summary>Uploads <c>model/version/model.onnx</c>.</summary>
    public async Task PutArtifactAsync(string model, string version, byte[] bytes) =>
        await container.GetBlobClient($"{prefix}{model}/{version}/model.onnx").UploadAsync(new BinaryData(bytes), overwrite: true);

    /// <summary>The config every uploaded model gets, with its versions' digests added; a test may change it.</summary>
    public ModelConfig Template { get; set; } = new(Platform: ModelConfig.OnnxRuntimePlatform, MaxBatchSize: 8);

    /// <summary>Uploads config.json (<see cref="Template"/>) declaring these versions' SHA-256 digests.</summary>
    public async Task PutConfigAsync(string model, IReadOnlyDictionary<string, string> sha256ByVersion)
    {
        var config = Template with { Versions = sha256ByVersion.ToDictionary(v => v.Key, v => new ModelVersionConfig(v.Value)) };
        await container.GetBlobClient($"{prefix}{model}/config.json").UploadAsync(BinaryData.FromString(ModelConfigJson.ToJson(config)), overwrite: true);
    }

    /// <summary>Uploads a version and a config that declares its digest (and those of <paramref name="earlier"/>).</summary>
    public async Task PutVersionAsync(string model, string version, byte[] bytes, params (string Version, byte[] Bytes)[] earlier)
    {
        await PutArtifactAsync(model, version, bytes);
        var digests = earlier.ToDictionary(e => e.Version, e => Sha256(e.Bytes));
        digests[version] = Sha256(bytes);
        await PutConfigAsync(model, digests);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Bytes from a seeded generator: the same on every run.</summary>
    public static byte[] SeededBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
