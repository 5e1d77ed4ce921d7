using Microsoft.Extensions.Options;
using ServingFabric.Runtime.Caching;

namespace ServingFabric.Hosting;

internal sealed class ResponseCacheOptionsValidator : IValidateOptions<ResponseCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ResponseCacheOptions options)
    {
        var failures = new List<string>();
        if (options.MaxEntries < 1)
        {
            failures.Add($"ServingFabric:ResponseCache:MaxEntries {options.MaxEntries} is below 1; set a positive entry count such as 10000, or Enabled=false to turn the cache off.");
        }

        // Entries over an eighth of the budget are never cached, and each counts a fixed overhead: below this nothing fits.
        var minimum = 8L * ResponseCache.EntryOverheadBytes;
        if (options.MaxBytes < minimum)
        {
            failures.Add($"ServingFabric:ResponseCache:MaxBytes {options.MaxBytes} is below {minimum}; set a byte count such as 67108864 (64 MiB), or Enabled=false to turn the cache off.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
