using ServingFabric.Contracts.Security.Secrets;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ServingFabric.Gateway.Auth;

/// <summary>Registers the gateway's authentication schemes, policies and refusal answers, and adds their middleware.</summary>
internal static class FabricAuthentication
{
    /// <summary>Whether any credential is configured (keys file, JWT, or the legacy admin key); else loopback callers only.</summary>
    public static bool IsConfigured(GatewayAuthOptions auth, GatewayOptions gateway) => auth.IsConfigured || HasAdminKey(gateway);

    /// <summary>Whether the legacy admin key is set.</summary>
    public static bool HasAdminKey(GatewayOptions gateway) =>
        !string.IsNullOrEmpty(gateway.AdminApiKey) || !string.IsNullOrEmpty(gateway.AdminApiKeyFile);

    public static IServiceCollection AddFabricAuthentication(this IServiceCollection services)
    {
        services.AddOptions<GatewayAuthOptions>().BindConfiguration(GatewayAuthOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayAuthOptions>, GatewayAuthOptionsValidator>());
        services.TryAddSingleton<AdminApiKeyProvider>();
        services.TryAddSingleton<ApiKeyStore>();
        // Both hold secret-holding settings: when those are references, the host watches them and applies new versions.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecretConsumer, AdminApiKeyProvider>(sp => sp.GetRequiredService<AdminApiKeyProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecretConsumer, ApiKeyStore>(sp => sp.GetRequiredService<ApiKeyStore>()));
        services.TryAddSingleton<JwksFileKeys>();
        services.TryAddSingleton<AuthDenials>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>());
        services.AddHostedService<AuthenticationStartupLog>();

        services.AddAuthentication(FabricAuthSchemes.Default)
            .AddPolicyScheme(FabricAuthSchemes.Default, "API key, JWT or loopback, by the credential presented", _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(FabricAuthSchemes.ApiKey, null)
            .AddScheme<AuthenticationSchemeOptions, LoopbackAuthenticationHandler>(FabricAuthSchemes.Loopback, null)
            .AddJwtBearer(FabricAuthSchemes.Jwt);
        services.AddOptions<PolicySchemeOptions>(FabricAuthSchemes.Default)
            .Configure<IOptions<GatewayAuthOptions>, IOptions<GatewayOptions>>((scheme, auth, gateway) =>
            {
                var configured = IsConfigured(auth.Value, gateway.Value);
                var jwt = auth.Value.Jwt.IsConfigured;
                scheme.ForwardDefaultSelector = context => FabricAuthSchemes.Select(context, configured, jwt);
            });

        services.AddAuthorizationBuilder().AddFabricPolicies();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, FabricScopeRequirementHandler>());
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, FabricAuthorizationResultHandler>();
        return services;
    }

    /// <summary>
    /// Forwarded headers (only from <see cref="GatewayAuthOptions.KnownProxies"/>), authentication and authorization,
    /// before the endpoints run.
    /// </summary>
    public static WebApplication UseFabricAuthentication(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<GatewayAuthOptions>>().Value;
        // With both trust lists empty the middleware trusts every sender, so without configured proxies it is left out;
        // its defaults (loopback) are cleared too, or a process on the same host could claim any address.
        if (auth.KnownProxies.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in auth.KnownProxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
