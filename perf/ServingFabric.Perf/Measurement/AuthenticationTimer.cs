using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Gateway.Auth;

namespace ServingFabric.Perf.Measurement;

/// <summary>
/// What authenticating and authorizing one infer request costs a silo: the silo's own authentication service (the
/// default scheme, which picks API key, JWT or loopback per request) and the inference policy, called on a request
/// shaped as the gateway sees it, one at a time, each call timed. Every call gets its own request scope and context,
/// as every request does (a handler remembers its result for its request, so reusing one would time a cache). No
/// network and no model: only the credential check and what every request pays around it.
/// </summary>
internal static class AuthenticationTimer
{
    /// <summary>The median and 99th percentile in microseconds of <paramref name="calls"/> checks presenting <paramref name="bearer"/> (null: none).</summary>
    public static async Task<(double P50Us, double P99Us)> MeasureAsync(IServiceProvider silo, string model, string? bearer, int calls)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var scopes = silo.GetRequiredService<IServiceScopeFactory>();

        // Warm-up: JIT, the keys file and the JWKS read, the token handler's caches.
        for (var i = 0; i < Math.Min(calls, 2_000); i++)
        {
            await CheckAsync(scopes, model, bearer);
        }

        var elapsed = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await CheckAsync(scopes, model, bearer);
            elapsed[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(elapsed);
        return (Math.Round(elapsed[calls / 2], 2), Math.Round(elapsed[(int)(calls * 0.99)], 2));
    }

    private static async Task CheckAsync(IServiceScopeFactory scopes, string model, string? bearer)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = $"/v2/models/{model}/infer";
        context.Request.RouteValues["name"] = model;
        if (bearer is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearer;
        }

        var result = await scope.ServiceProvider.GetRequiredService<IAuthenticationService>().AuthenticateAsync(context, scheme: null);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"the benchmark credential was refused: {result.Failure?.Message ?? "no credential"}");
        }

        var allowed = await scope.ServiceProvider.GetRequiredService<IAuthorizationService>().AuthorizeAsync(result.Principal, context, FabricPolicies.Inference);
        if (!allowed.Succeeded)
        {
            throw new InvalidOperationException("the benchmark credential lacks the inference scope");
        }
    }
}
