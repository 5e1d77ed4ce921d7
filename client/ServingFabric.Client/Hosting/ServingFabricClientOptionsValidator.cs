using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;

namespace ServingFabric.Client;

/// <summary>Checks the client settings when the host starts, so a typo fails the deploy rather than the first request.</summary>
internal sealed class ServingFabricClientOptionsValidator(IServiceProviderIsService services) : IValidateOptions<ServingFabricClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ServingFabricClientOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Transport))
        {
            failures.Add($"ServingFabricClientOptions.Transport is {(int)options.Transport}; use Http, Grpc or Orleans.");
        }

        if (options.Transport == ServingFabricTransport.Http)
        {
            if (options.BaseAddress is null && (options.BaseAddresses is null || options.BaseAddresses.Count == 0))
            {
                failures.Add("ServingFabricClientOptions.BaseAddress is required for the Http transport: set it to the gateway, for example http://localhost:8080/ (or list several in BaseAddresses).");
            }
            else if (options.BaseAddress is not null && !IsHttpAddress(options.BaseAddress))
            {
                failures.Add($"ServingFabricClientOptions.BaseAddress '{options.BaseAddress}' must be an absolute http:// or https:// address, for example http://localhost:8080/.");
            }

            foreach (var address in options.BaseAddresses ?? [])
            {
                if (address is null || !IsHttpAddress(address))
                {
                    failures.Add($"ServingFabricClientOptions.BaseAddresses holds '{address}'; every entry must be an absolute http:// or https:// address, for example http://gateway-a:8080/.");
                }
            }
        }

        if (options.Transport == ServingFabricTransport.Grpc)
        {
            if (options.BaseAddress is null || !IsHttpAddress(options.BaseAddress))
            {
                failures.Add($"ServingFabricClientOptions.BaseAddress '{options.BaseAddress}' must be the gateway's gRPC listener for the Grpc transport, an absolute http:// or https:// address such as http://localhost:8081/ (ServingFabric:Gateway:GrpcUrl).");
            }

            if (options.BaseAddresses is { Count: > 0 })
            {
                failures.Add("ServingFabricClientOptions.BaseAddresses is for the Http transport; the Grpc transport uses BaseAddress alone (put a load balancer in front of several gateways' gRPC listeners).");
            }
        }

        failures.AddRange(FabricCredential.Check(nameof(ServingFabricClientOptions), options.ApiKey, options.ApiKeyFile, options.AccessTokenProvider));

        if (options.GatewayAttemptTimeout <= TimeSpan.Zero && options.GatewayAttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"ServingFabricClientOptions.GatewayAttemptTimeout is {options.GatewayAttemptTimeout}; it must be positive, for example 00:00:05, or Timeout.InfiniteTimeSpan (off).");
        }

        if (options.GatewayFailureCooldown < TimeSpan.Zero)
        {
            failures.Add($"ServingFabricClientOptions.GatewayFailureCooldown is {options.GatewayFailureCooldown}; it must be zero (off) or positive, for example 00:00:05.");
        }

        if (options.Transport == ServingFabricTransport.Orleans && !services.IsService(typeof(IClusterClient)))
        {
            failures.Add("ServingFabricClientOptions.Transport is Orleans but no IClusterClient is registered: configure the Orleans client (UseOrleansClient) on the host, or use the Http transport.");
        }

        if (options.OrleansTls is { IsEnabled: true } tls)
        {
            failures.AddRange(ServingFabricClientTlsExtensions.Failures(tls));
        }

        if (options.DefaultTimeout <= TimeSpan.Zero)
        {
            failures.Add($"ServingFabricClientOptions.DefaultTimeout is {options.DefaultTimeout}; it must be positive, for example 00:00:30.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpAddress(Uri address) => address.IsAbsoluteUri && address.Scheme is "http" or "https";
}
