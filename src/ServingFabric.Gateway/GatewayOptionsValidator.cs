using Microsoft.Extensions.Options;
using ServingFabric.Contracts.Security.Tls;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Transport;

namespace ServingFabric.Gateway;

internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public const int MinReceiveBlockBytes = 4 * 1024;
    public const int MaxReceiveBlockBytes = 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        ValidateListeners(options, failures);

        if (options.MaxRequestBodyBytes < 1024)
        {
            failures.Add($"ServingFabric:Gateway:MaxRequestBodyBytes {options.MaxRequestBodyBytes} is below 1024; set a positive byte count such as 67108864.");
        }

        if (options.ReceiveBlockBytes is < MinReceiveBlockBytes or > MaxReceiveBlockBytes)
        {
            failures.Add($"ServingFabric:Gateway:ReceiveBlockBytes {options.ReceiveBlockBytes} is outside {MinReceiveBlockBytes}..{MaxReceiveBlockBytes}; the default 32768 suits tensor bodies of tens of kilobytes and more.");
        }

        if (options.ReceiveBlockRetainedBytes < 0)
        {
            failures.Add($"ServingFabric:Gateway:ReceiveBlockRetainedBytes {options.ReceiveBlockRetainedBytes} is negative; use 0 (keep no block) or more, such as 8388608.");
        }

        if (options.DrainDelay < TimeSpan.Zero)
        {
            failures.Add("ServingFabric:Gateway:DrainDelay is negative; use 00:00:00 or more.");
        }

        if (options.ReadinessLoadGrace <= TimeSpan.Zero)
        {
            failures.Add($"ServingFabric:Gateway:ReadinessLoadGrace {options.ReadinessLoadGrace} is not positive; use how long a model may take to load and warm, such as 00:02:00.");
        }

        if (options.ProbeInterval < TimeSpan.Zero)
        {
            failures.Add($"ServingFabric:Gateway:ProbeInterval {options.ProbeInterval} is negative; use 00:00:00 (no probes) or an interval such as 00:00:10.");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero || (options.ProbeInterval > TimeSpan.Zero && options.ProbeTimeout > options.ProbeInterval))
        {
            failures.Add($"ServingFabric:Gateway:ProbeTimeout {options.ProbeTimeout} must be positive and at most ProbeInterval ({options.ProbeInterval}), so rounds do not overlap; use such as {(options.ProbeInterval > TimeSpan.Zero ? options.ProbeInterval / 2 : TimeSpan.FromSeconds(5))}.");
        }

        ValidateAdminKey(options, failures);
        foreach (var root in options.ArtifactImportRoots)
        {
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
            {
                failures.Add($"ServingFabric:Gateway:ArtifactImportRoots entry '{root}' is not an absolute path; list folders such as /models-inbox.");
            }
        }

        ValidateRequestBounds(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The largest artifact import and the longest request deadline.</summary>
    private static void ValidateRequestBounds(GatewayOptions options, List<string> failures)
    {
        if (options.MaxArtifactImportBytes < 1)
        {
            failures.Add($"ServingFabric:Gateway:MaxArtifactImportBytes {options.MaxArtifactImportBytes} is not positive; set the largest model artifact to import in bytes, such as 4294967296 (4 GiB).");
        }

        if (options.RequestMemoryBudget < 0)
        {
            failures.Add($"ServingFabric:Gateway:RequestMemoryBudget {options.RequestMemoryBudget} is negative; set the bytes bodies and tensors in flight may hold, such as 536870912, or 0 for a quarter of the memory limit.");
        }

        if (options.RequestMemoryWait < TimeSpan.Zero || options.RequestMemoryWait > TimeSpan.FromSeconds(30))
        {
            failures.Add($"ServingFabric:Gateway:RequestMemoryWait {options.RequestMemoryWait} is outside 00:00:00..00:00:30; set how long a request waits for memory before a 503, such as 00:00:01.");
        }

        if (options.MaxRequestTimeout <= TimeSpan.Zero || options.MaxRequestTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"ServingFabric:Gateway:MaxRequestTimeout {options.MaxRequestTimeout} is outside 00:00:00.001..1.00:00:00; set the longest deadline a caller may ask for, such as 00:01:00.");
        }
    }

    private static void ValidateAdminKey(GatewayOptions options, List<string> failures)
    {
        var hasKey = !string.IsNullOrEmpty(options.AdminApiKey);
        var hasFile = !string.IsNullOrEmpty(options.AdminApiKeyFile);
        if (hasKey && hasFile)
        {
            failures.Add("ServingFabric:Gateway:AdminApiKey and AdminApiKeyFile are both set; set one (AdminApiKeyFile for a mounted secret).");
            return;
        }

        if (hasKey && options.AdminApiKey!.Trim().Length < AdminApiKeyProvider.MinimumLength)
        {
            failures.Add($"ServingFabric:Gateway:AdminApiKey is shorter than {AdminApiKeyProvider.MinimumLength} characters; use a random key such as the output of 'openssl rand -hex 32'.");
        }

        if (hasFile)
        {
            try
            {
                AdminApiKeyProvider.ReadKeyFile(options.AdminApiKeyFile!);
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
        }
    }

    /// <summary>
    /// The URLs parse, and an https listener has a certificate that can serve now. Which listeners may start without
    /// TLS or authentication is decided where the listeners are bound (ServingFabric.Hosting's GatewayListenerPolicy).
    /// </summary>
    private static void ValidateListeners(GatewayOptions options, List<string> failures)
    {
        var listeners = GatewayListener.ParseAll(options.Url, options.GrpcUrl, failures);
        if (listeners.FirstOrDefault(l => l.IsHttps) is not { } https)
        {
            return;
        }

        if (!options.Certificate.IsConfigured)
        {
            failures.Add($"{https.Setting} '{https.Url}' has an https listener but ServingFabric:Gateway:Certificate:Path is not set; set it (and KeyPath) to the certificate files, or use http on loopback.");
            return;
        }

        try
        {
            CertificateFiles.Load(options.Certificate, $"{GatewayOptions.SectionName}:Certificate", CertificateUsage.ServerAuth, DateTimeOffset.UtcNow).Dispose();
        }
        catch (CertificateFileException ex)
        {
            failures.Add(ex.Message);
        }
    }
}
