using System.Security.Cryptography;
using ServingFabric.Inference;

namespace ServingFabric.Runtime.Repository;

/// <summary>Refuses a model version whose artifact is missing or differs from the SHA-256 in config.json.</summary>
public static class ArtifactVerifier
{
    // Large enough that hashing a multi-gigabyte model is bound by the disk, not by read calls.
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Throws <see cref="InferenceException"/> (Unavailable) when <paramref name="path"/> does not exist or, when
    /// <paramref name="expectedSha256"/> is set, when its SHA-256 differs.
    /// </summary>
    public static void Verify(string path, string? expectedSha256, string modelName, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new InferenceException(
                InferenceErrorKind.Unavailable,
                $"version {version} of model '{modelName}' refused: artifact {path} does not exist; put the model file there or remove the version folder");
        }

        if (string.IsNullOrEmpty(expectedSha256))
        {
            return;
        }

        string actual;
        try
        {
            actual = ComputeSha256(path);
        }
        catch (IOException ex)
        {
            throw Unreadable(path, modelName, version, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw Unreadable(path, modelName, version, ex);
        }

        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InferenceException(
                InferenceErrorKind.Unavailable,
                $"version {version} of model '{modelName}' refused: artifact {path} has SHA-256 {actual} but config.json expects {expectedSha256.ToLowerInvariant()}; restore the artifact or update config.json");
        }
    }

    /// <summary>The SHA-256 of a file as 64 lowercase hex digits, read as a stream so big models fit in memory.</summary>
    public static string ComputeSha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static InferenceException Unreadable(string path, string modelName, string version, Exception ex) =>
        new(
            InferenceErrorKind.Unavailable,
            $"version {version} of model '{modelName}' refused: artifact {path} could not be read ({ex.Message}); check the file's permissions and the volume",
            ex);
}
