using Microsoft.Extensions.Options;

namespace ServingFabric.Client;

/// <summary>Checks the management client's settings when the host starts, so a typo fails the deploy rather than the first call.</summary>
internal sealed class FabricManagementClientOptionsValidator : IValidateOptions<FabricManagementClientOptions>
{
    public ValidateOptionsResult Validate(string? name, FabricManagementClientOptions options)
    {
        var failures = new List<string>();
        if (options.BaseAddress is null)
        {
            failures.Add("FabricManagementClientOptions.BaseAddress is required: set it to the gateway, for example http://localhost:8080/.");
        }
        else if (!options.BaseAddress.IsAbsoluteUri || options.BaseAddress.Scheme is not ("http" or "https"))
        {
            failures.Add($"FabricManagementClientOptions.BaseAddress '{options.BaseAddress}' must be an absolute http:// or https:// address, for example http://localhost:8080/.");
        }

        if (options.Actor is { } actor && (actor.Length is 0 or > 64 || !actor.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@')))
        {
            failures.Add($"FabricManagementClientOptions.Actor '{actor}' must be 1 to 64 letters, digits or . _ - @, for example alice@example.com.");
        }

        if (!string.IsNullOrEmpty(options.ApiKey) && !string.IsNullOrEmpty(options.AdminApiKey))
        {
            failures.Add("FabricManagementClientOptions.ApiKey and AdminApiKey are both set; AdminApiKey is the older name of ApiKey, set only ApiKey.");
        }

        failures.AddRange(FabricCredential.Check(nameof(FabricManagementClientOptions), options.EffectiveApiKey, options.ApiKeyFile, options.AccessTokenProvider));

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"FabricManagementClientOptions.Timeout is {options.Timeout}; it must be positive, for example 00:02:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
