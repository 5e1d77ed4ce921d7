using Microsoft.Extensions.Options;

namespace ServingFabric.Gateway;

internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            failures.Add($"ServingFabric:Gateway:Url '{options.Url}' is not an absolute http(s) URL; set it like http://127.0.0.1:8080.");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            failures.Add($"ServingFabric:Gateway:MaxRequestBodyBytes {options.MaxRequestBodyBytes} is below 1024; set a positive byte count such as 67108864.");
        }

        if (options.DrainDelay < TimeSpan.Zero)
        {
            failures.Add("ServingFabric:Gateway:DrainDelay is negative; use 00:00:00 or more.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
