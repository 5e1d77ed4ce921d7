using ServingFabric.Inference;
using ServingFabric.Runtime.Repository;
using ServingFabric.Runtime.Tests.TestModels;

namespace ServingFabric.Runtime.Tests.Repository;

public sealed class ArtifactVerifierTests : IDisposable
{
    // SHA-256 of the ASCII bytes "test", as sha256sum prints it.
    private const string TestSha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ComputeSha256_KnownContent_MatchesSha256sum()
    {
        var path = _temp.WriteFile("x/1/model.onnx", "test"u8.ToArray());

        Assert.Equal(TestSha, ArtifactVerifier.ComputeSha256(path));
    }

    [Fact]
    public void ComputeSha256_FileLargerThanBuffer_MatchesOneShotHash()
    {
        var content = Enumerable.Range(0, (3 << 20) + 17).Select(i => (byte)(i * 31)).ToArray();
        var path = _temp.WriteFile("big/1/model.onnx", content);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), ArtifactVerifier.ComputeSha256(path));
    }

    [Theory]
    [InlineData(TestSha)]
    [InlineData("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")]
    [InlineData(null)]
    public void Verify_MatchingOrNoExpectedSha_Passes(string? expected)
    {
        var path = _temp.WriteFile("x/1/model.onnx", "test"u8.ToArray());

        ArtifactVerifier.Verify(path, expected, "x", "1");
    }

    [Fact]
    public void Verify_ShaMismatch_ThrowsUnavailableWithBothHashesAndFix()
    {
        var path = _temp.WriteFile("x/2/model.onnx", "tampered"u8.ToArray());
        var actual = ArtifactVerifier.ComputeSha256(path);

        var ex = Assert.Throws<InferenceException>(() => ArtifactVerifier.Verify(path, TestSha, "x", "2"));

        Assert.Equal(InferenceErrorKind.Unavailable, ex.Kind);
        Assert.Equal(
            $"version 2 of model 'x' refused: artifact {path} has SHA-256 {actual} but config.json expects {TestSha}; restore the artifact or update config.json",
            ex.Message);
    }

    [Fact]
    public void Verify_MissingFile_ThrowsUnavailableNamingPath()
    {
        var path = _temp.Combine("x", "3", "model.onnx");

        var ex = Assert.Throws<InferenceException>(() => ArtifactVerifier.Verify(path, TestSha, "x", "3"));

        Assert.Equal(InferenceErrorKind.Unavailable, ex.Kind);
        Assert.Contains($"version 3 of model 'x' refused: artifact {path} does not exist", ex.Message, StringComparison.Ordinal);
    }
}
