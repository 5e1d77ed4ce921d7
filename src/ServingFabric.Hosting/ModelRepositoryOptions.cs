namespace ServingFabric.Hosting;

/// <summary>Where models come from. Bound from <c>ServingFabric:ModelRepository</c> (env <c>ServingFabric__ModelRepository__Path</c>).</summary>
public sealed class ModelRepositoryOptions
{
    public const string SectionName = "ServingFabric:ModelRepository";

    /// <summary>Models in a folder (<see cref="Path"/>, a volume every silo mounts).</summary>
    public const string FileSystemSource = "filesystem";

    /// <summary>Models in an Azure Blob container (<see cref="Blob"/>), downloaded into a local cache by each silo.</summary>
    public const string BlobSource = "blob";

    /// <summary><c>filesystem</c> or <c>blob</c>. Default <c>filesystem</c>.</summary>
    public string Source { get; set; } = FileSystemSource;

    /// <summary>The repository folder, Triton's layout (<c>&lt;model&gt;/config.json</c>, <c>&lt;model&gt;/&lt;version&gt;/model.onnx</c>). Default <c>models</c>, relative to the working directory. Used when <see cref="Source"/> is <c>filesystem</c>.</summary>
    public string Path { get; set; } = "models";

    /// <summary>Write the sample model (<c>iris</c>, a small generated MLP) when the folder is missing or holds no model. Default true; never with <c>blob</c>.</summary>
    public bool SeedSampleModel { get; set; } = true;

    /// <summary>The container, prefix and cache when <see cref="Source"/> is <c>blob</c> (<c>ServingFabric:ModelRepository:Blob:*</c>).</summary>
    public ModelRepositoryBlobOptions Blob { get; set; } = new();

    internal bool IsBlob => string.Equals(Source, BlobSource, StringComparison.OrdinalIgnoreCase);
}
