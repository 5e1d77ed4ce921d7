namespace ServingFabric.Hosting;

/// <summary>Where models come from. Bound from <c>ServingFabric:ModelRepository</c> (env <c>ServingFabric__ModelRepository__Path</c>).</summary>
public sealed class ModelRepositoryOptions
{
    public const string SectionName = "ServingFabric:ModelRepository";

    /// <summary>The repository folder, Triton's layout (<c>&lt;model&gt;/config.json</c>, <c>&lt;model&gt;/&lt;version&gt;/model.onnx</c>). Default <c>models</c>, relative to the working directory.</summary>
    public string Path { get; set; } = "models";

    /// <summary>Write the sample model (<c>iris</c>, a small generated MLP) when the folder is missing or holds no model. Default true.</summary>
    public bool SeedSampleModel { get; set; } = true;
}
