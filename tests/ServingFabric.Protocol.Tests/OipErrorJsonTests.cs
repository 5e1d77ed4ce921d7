using System.Text;
using ServingFabric.Protocol;

namespace ServingFabric.Protocol.Tests;

public sealed class OipErrorJsonTests
{
    [Fact]
    public void Write_Message_GivesErrorObject()
    {
        var body = OipErrorJson.Write("input 'x' is \"bad\"");

        Assert.Equal("{\"error\":\"input 'x' is \\\"bad\\\"\"}", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void TryReadMessage_WrittenError_RoundTrips()
    {
        const string message = "modèle introuvable: 日本";

        Assert.Equal(message, OipErrorJson.TryReadMessage(OipErrorJson.Write(message)));
    }

    [Theory]
    [InlineData("""{"code":5,"detail":{"a":[1]},"error":"late"}""", "late")]
    [InlineData("""{"error":"e"}""", "e")]
    public void TryReadMessage_ErrorAmongOtherFields_FindsIt(string json, string expected)
    {
        Assert.Equal(expected, OipErrorJson.TryReadMessage(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bad Gateway")]
    [InlineData("""{"error":5}""")]
    [InlineData("""{"message":"x"}""")]
    [InlineData("""["error"]""")]
    [InlineData("""{"error":""")]
    public void TryReadMessage_NotAnErrorBody_ReturnsNull(string body)
    {
        Assert.Null(OipErrorJson.TryReadMessage(Encoding.UTF8.GetBytes(body)));
    }
}
