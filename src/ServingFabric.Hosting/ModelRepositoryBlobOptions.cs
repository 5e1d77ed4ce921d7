namespace ServingFabric.Hosting;

/// <summary>
/// An Azure Blob container holding the repository in Triton's layout under <see cref="Prefix"/>
/// (<c>&lt;prefix&gt;/&lt;model&gt;/config.json</c>, <c>&lt;prefix&gt;/&lt;model&gt;/&lt;version&gt;/model.onnx</c>).
/// Give <see cref="ContainerUri"/> or <see cref="ConnectionString"/> with <see cref="Container"/>.
/// </summary>
public sealed class ModelRepositoryBlobOptions
{
    /// <summary>The setting that may hold a secret reference, resolved by the secret store at start.</summary>
    public const string ConnectionStringSetting = ModelRepositoryOptions.SectionName + ":Blob:ConnectionString";

    /// <summary>
    /// The container's URL, for example <c>https://account.blob.core.windows.net/models</c>: with a SAS token in its
    /// query the token is used, without one the silo's Azure identity (workload identity, managed identity). Default null.
    /// </summary>
    public string? ContainerUri { get; set; }

    /// <summary>
    /// An Azure Storage connection string, or a secret reference to one (<c>kv://vault/name</c>, <c>file:path</c>), read
    /// once at start. Default null; needs <see cref="Container"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The container's name with <see cref="ConnectionString"/>. Default null.</summary>
    public string? Container { get; set; }

    /// <summary>The folder inside the container that holds the models, for example <c>prod</c>. Default empty (the container's root).</summary>
    public string Prefix { get; set; } = "";

    /// <summary>
    /// The local folder the verified versions are kept in (an emptyDir in Kubernetes; silos may share one). Default
    /// <c>model-cache</c>, relative to the working directory.
    /// </summary>
    public string CacheDirectory { get; set; } = "model-cache";

    /// <summary>How often each silo lists the container for new versions and config changes. Default 30 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}
