using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ServingFabric.Gateway.Errors;

namespace ServingFabric.Gateway.Tests.Errors;

public sealed class RequestIdsTests
{
    private const string TraceId = "0HN-trace:00000001";

    [Theory]
    [InlineData("abc")]
    [InlineData("Client-Req_42.a:b")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public void Stamp_SafeClientId_EchoesItOnTheResponse(string sent)
    {
        var context = ContextWith(sent);

        var id = RequestIds.Stamp(context);

        Assert.Equal(sent, id);
        Assert.Equal(sent, context.Response.Headers[RequestIds.Header].ToString());
        Assert.True(RequestIds.IsClients(context, id));
    }

    [Fact]
    public void Stamp_ClientIdOfExactlyTheMaximumLength_Echoed()
    {
        var sent = new string('a', RequestIds.MaxLength);

        Assert.Equal(sent, RequestIds.Stamp(ContextWith(sent)));
    }

    [Fact]
    public void Stamp_ClientIdOneOverTheMaximumLength_FallsBackToTheTraceIdentifier()
    {
        var context = ContextWith(new string('a', RequestIds.MaxLength + 1));

        Assert.Equal(TraceId, RequestIds.Stamp(context));
        Assert.Equal(TraceId, context.Response.Headers[RequestIds.Header].ToString());
        Assert.False(RequestIds.IsClients(context, TraceId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("new\nline")]
    [InlineData("slash/id")]
    [InlineData("quote\"id")]
    [InlineData("brace{id}")]
    [InlineData("é-accent")]
    [InlineData("semi;colon")]
    public void Stamp_ClientIdWithUnsafeCharacters_FallsBackToTheTraceIdentifier(string sent)
    {
        var context = ContextWith(sent);

        Assert.Equal(TraceId, RequestIds.Stamp(context));
        Assert.Equal(TraceId, context.Response.Headers[RequestIds.Header].ToString());
    }

    [Fact]
    public void Stamp_RepeatedClientHeader_FallsBackToTheTraceIdentifier()
    {
        var context = ContextWith(new StringValues(["first", "second"]));

        Assert.Equal(TraceId, RequestIds.Stamp(context));
    }

    [Fact]
    public void Stamp_NoClientHeader_UsesTheTraceIdentifier()
    {
        var context = new DefaultHttpContext { TraceIdentifier = TraceId };

        Assert.Equal(TraceId, RequestIds.Stamp(context));
        Assert.Equal(TraceId, context.Response.Headers[RequestIds.Header].ToString());
    }

    [Fact]
    public void Of_AlreadyStampedResponse_KeepsTheStampedId()
    {
        var context = ContextWith("client-1");
        RequestIds.Stamp(context);
        context.Request.Headers[RequestIds.Header] = "client-2";

        Assert.Equal("client-1", RequestIds.Of(context));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("a", true)]
    [InlineData("A-z_0.9:x", true)]
    [InlineData("tab\tid", false)]
    public void IsSafe_Value_AcceptsOnlyShortIdsOfSafeCharacters(string? value, bool expected) =>
        Assert.Equal(expected, RequestIds.IsSafe(value));

    private static DefaultHttpContext ContextWith(StringValues sent)
    {
        var context = new DefaultHttpContext { TraceIdentifier = TraceId };
        context.Request.Headers[RequestIds.Header] = sent;
        return context;
    }
}
