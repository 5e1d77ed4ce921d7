namespace ServingFabric.Runtime.Repository;

/// <summary>
/// A model repository in Triton's layout: <c>&lt;root&gt;/&lt;model&gt;/config.json</c> and
/// <c>&lt;root&gt;/&lt;model&gt;/&lt;version&gt;/model.onnx</c>.
/// </summary>
public interface IModelRepository
{
    /// <summary>Where the repository lives, for messages.</summary>
    string Location { get; }

    /// <summary>Names of the models present, sorted.</summary>
    IReadOnlyList<string> ListModels();

    /// <summary>
    /// Reads a model's config and versions; null when the model folder does not exist. Throws
    /// <see cref="Inference.InferenceException"/> (InvalidInput) naming the file and field when config.json is invalid.
    /// </summary>
    RepositoryModel? Find(string modelName);

    /// <summary>The artifact file of a version (it may not exist; the loader says so).</summary>
    string GetArtifactPath(string modelName, string version);
}
