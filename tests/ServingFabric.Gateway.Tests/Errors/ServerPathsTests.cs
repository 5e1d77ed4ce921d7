using ServingFabric.Gateway.Errors;

namespace ServingFabric.Gateway.Tests.Errors;

public sealed class ServerPathsTests
{
    [Theory]
    [InlineData(
        "could not be loaded from /models/iris/1/model.onnx: ONNX Runtime rejected it (Load model from /models/iris/1/model.onnx failed)",
        "could not be loaded from <server path>/model.onnx: ONNX Runtime rejected it (Load model from <server path>/model.onnx failed)")]
    [InlineData("cannot read '/var/lib/servingfabric/models/fraud/config.json'", "cannot read '<server path>/config.json'")]
    [InlineData("file \"/tmp/sf-1234/iris/2/model.onnx\" is missing", "file \"<server path>/model.onnx\" is missing")]
    [InlineData("path=/srv/secret/x.bin, retry", "path=<server path>/x.bin, retry")]
    [InlineData("[/home/fabric/repo/iris]", "[<server path>/iris]")]
    [InlineData("folder /var/lib/models/ is full", "folder <server path>/ is full")]
    [InlineData("cannot map file:///srv/models/iris/1/model.onnx", "cannot map file://<server path>/model.onnx")]
    [InlineData("cannot map FILE:///srv/models/x.onnx", "cannot map FILE://<server path>/x.onnx")]
    public void Redact_AbsolutePaths_ShortenedToTheirLastSegment(string message, string expected) =>
        Assert.Equal(expected, ServerPaths.Redact(message));

    [Theory]
    [InlineData("internal error; request id 0HN:00000001")]
    [InlineData("model iris version 2 is not ready; 3/4 replicas failed")]
    [InlineData("input 'a/b' has shape [1,4]")]
    [InlineData("see /v2 for the routes")]
    [InlineData("")]
    public void Redact_TextWithoutAbsolutePaths_Unchanged(string message) =>
        Assert.Equal(message, ServerPaths.Redact(message));

    [Theory]
    [InlineData("silo http://10.0.0.4:8080/v2/models/iris/ready did not answer")]
    [InlineData("see https://example.com/docs/errors/500.html")]
    [InlineData("storage at http://127.0.0.1:10000/devstoreaccount1/tables is unavailable")]
    public void Redact_Urls_NotMangled(string message) =>
        Assert.Equal(message, ServerPaths.Redact(message));

    [Fact]
    public void Redact_AlreadyRedacted_Unchanged()
    {
        var once = ServerPaths.Redact("failed at /models/iris/1/model.onnx");

        Assert.Equal(once, ServerPaths.Redact(once));
    }
}
