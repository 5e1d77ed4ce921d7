using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Contracts.Security;
using ServingFabric.Gateway.Auth;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>
/// With no authentication configured, on requests built in memory: remote addresses a real loopback test cannot produce.
/// </summary>
public sealed class LoopbackAuthenticationTests : IDisposable
{
    private readonly ServiceProvider _services = Services();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Authenticate_NoAuthConfiguredFromLoopback_IsLoopbackWithEveryScopeButFaults(string remote)
    {
        var result = await Request(remote).AuthenticateAsync(FabricAuthSchemes.Default);

        Assert.True(result.Succeeded);
        Assert.Equal(FabricPrincipals.Loopback, FabricPrincipals.CallerOf(result.Principal));
        Assert.True(FabricPrincipals.HasScope(result.Principal, FabricScopes.Manage, "iris"));
        Assert.False(FabricPrincipals.HasScope(result.Principal, FabricScopes.Faults, "iris"));
    }

    [Fact]
    public async Task Authenticate_NoAuthConfiguredFromAnotherAddress_Fails()
    {
        var result = await Request("10.1.2.3").AuthenticateAsync(FabricAuthSchemes.Default);

        Assert.False(result.Succeeded);
        Assert.Equal(AuthDenialReasons.NotLoopback, Assert.IsType<FabricAuthenticationException>(result.Failure).Reason);
    }

    [Fact]
    public async Task Refusal_NoAuthConfiguredFromAnotherAddress_Returns403NamingTheAddressAndTheFix()
    {
        var context = Request("10.1.2.3");
        var body = new MemoryStream();
        context.Response.Body = body;
        var handler = _services.GetRequiredService<IAuthorizationMiddlewareResultHandler>();

        await handler.HandleAsync(_ => Task.CompletedTask, context, new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build(), PolicyAuthorizationResult.Challenge());

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        var text = Encoding.UTF8.GetString(body.ToArray());
        Assert.Contains("only loopback clients are served and this request came from 10.1.2.3", text, StringComparison.Ordinal);
        Assert.Contains("ServingFabric:Gateway:Auth:KeysFile", text, StringComparison.Ordinal);
    }

    public void Dispose() => _services.Dispose();

    private DefaultHttpContext Request(string remote)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Method = "GET";
        context.Request.Path = "/v1/models/iris";
        // A credential is ignored while nothing is configured: only the address counts.
        context.Request.Headers.Authorization = "Bearer sf_0123456789abcdef_" + new string('A', 43);
        return context;
    }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddServingFabricGateway(new ConfigurationBuilder().Build());
        return services.BuildServiceProvider();
    }
}
