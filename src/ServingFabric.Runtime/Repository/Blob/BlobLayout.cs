using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository.Blob;

/// <summary>One blob of the repository: a model's config.json, or a version's model.onnx.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Version">The version's name; null for config.json.</param>
/// <param name="BlobName">The blob's full name in the container.</param>
/// <param name="Length">The blob's size in bytes.</param>
/// <param name="ETag">The blob's ETag, which changes whenever its content is replaced.</param>
internal sealed record BlobEntry(string Model, string? Version, string BlobName, long Length, string ETag);

/// <summary>
/// Triton's layout under a prefix: <c>&lt;prefix&gt;/&lt;model&gt;/config.json</c> and
/// <c>&lt;prefix&gt;/&lt;model&gt;/&lt;version&gt;/model.onnx</c>. Blob names are untrusted paths: only valid model and
/// version names are accepted, so no name can climb out of the cache folder.
/// </summary>
internal static class BlobLayout
{
    /// <summary>The prefix as a folder: empty, or ending with one '/'.</summary>
    public static string NormalizePrefix(string? prefix)
    {
        var trimmed = (prefix ?? "").Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }

    /// <summary>The blob name of a model's config.json.</summary>
    public static string ConfigBlob(string prefix, string model) => $"{prefix}{model}/{FileSystemModelRepository.ConfigFileName}";

    /// <summary>The blob name of a version's artifact.</summary>
    public static string ArtifactBlob(string prefix, string model, string version) =>
        $"{prefix}{model}/{version}/{FileSystemModelRepository.ArtifactFileName}";

    /// <summary>What a blob name means in the layout; null for blobs that are not part of it (they are ignored).</summary>
    public static BlobEntry? Parse(string prefix, string blobName, long length, string etag)
    {
        if (!blobName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = blobName[prefix.Length..].Split('/');
        if (parts.Length == 2 && parts[1] == FileSystemModelRepository.ConfigFileName && ModelNames.IsValid(parts[0]))
        {
            return new BlobEntry(parts[0], null, blobName, length, etag);
        }

        if (parts.Length == 3 && parts[2] == FileSystemModelRepository.ArtifactFileName && ModelNames.IsValid(parts[0]) && ModelNames.IsValid(parts[1]))
        {
            return new BlobEntry(parts[0], parts[1], blobName, length, etag);
        }

        return null;
    }
}
