using System.Net;
using Microsoft.Extensions.Options;
using ServingFabric.Runtime.Engines.Onnx;

namespace ServingFabric.Hosting;

/// <summary>Checks the cluster settings before the silo starts; each message names the setting and how to fix it.</summary>
internal sealed class ServingFabricSiloOptionsValidator : IValidateOptions<ServingFabricSiloOptions>
{
    public ValidateOptionsResult Validate(string? name, ServingFabricSiloOptions options)
    {
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Failures(ServingFabricSiloOptions options)
    {
        var failures = new List<string>();
        if (!IsAzureTable(options) && !string.Equals(options.Clustering, ClusteringProviders.Localhost, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"ServingFabric:Silo:Clustering '{options.Clustering}' is not supported; use {ClusteringProviders.Localhost} (one machine) or {ClusteringProviders.AzureTable}.");
        }

        CheckPort(failures, "SiloPort", options.SiloPort);
        CheckPort(failures, "GatewayPort", options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"ServingFabric:Silo:SiloPort and GatewayPort are both {options.SiloPort}; give them different ports.");
        }

        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            failures.Add($"ServingFabric:Silo:AdvertisedAddress '{options.AdvertisedAddress}' is not an IP address; use the address other silos reach this one at, for example 127.0.0.1 or the pod IP.");
        }

        if (string.IsNullOrWhiteSpace(options.Zone) || options.Zone.Contains(',', StringComparison.Ordinal))
        {
            failures.Add($"ServingFabric:Silo:Zone '{options.Zone}' must be a non-empty name without commas, for example zone-a.");
        }

        var roles = SiloRoles.Parse(options.Roles);
        var unknown = roles.Where(r => !SiloRoles.All.Contains(r, StringComparer.Ordinal)).ToArray();
        if (roles.Count == 0 || unknown.Length > 0)
        {
            failures.Add($"ServingFabric:Silo:Roles '{options.Roles}' must list one or more of {string.Join(", ", SiloRoles.All)}, comma-separated, for example gateway,inference.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("ServingFabric:Silo:ClusterId and ServiceId must not be empty; every silo of one cluster uses the same values.");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add($"ServingFabric:Silo:ShutdownTimeout is {options.ShutdownTimeout}; it must be positive, for example 00:01:00.");
        }

        failures.AddRange(ResourceFailures(options));

        return failures;
    }

    /// <summary>The resource settings' failures alone (checked also where clustering is configured elsewhere).</summary>
    public static IEnumerable<string> ResourceFailures(ServingFabricSiloOptions options)
    {
        if (options.MaxModelSessions < 0)
        {
            yield return $"ServingFabric:Silo:MaxModelSessions is {options.MaxModelSessions}; use 0 (no limit) or the number of model versions this silo may hold, for example 8.";
        }

        if (options.OnnxArenaMaxBytes is < 0 or > OnnxRuntimeOptions.MaxArenaBytes)
        {
            yield return $"ServingFabric:Silo:OnnxArenaMaxBytes is {options.OnnxArenaMaxBytes}; use 0 (each session its own arena) or a size from 1 to {OnnxRuntimeOptions.MaxArenaBytes} bytes, for example 1073741824 (1 GiB).";
        }

        if (options.MinWorkerThreads is < 0 or > ThreadPoolFloor.MaxWorkerThreads)
        {
            yield return $"ServingFabric:Silo:MinWorkerThreads is {options.MinWorkerThreads}; use 0 (the runtime's minimum, one per CPU) or up to {ThreadPoolFloor.MaxWorkerThreads}, for example 4.";
        }

        if (options.ResourceSampleInterval <= TimeSpan.Zero)
        {
            yield return $"ServingFabric:Silo:ResourceSampleInterval is {options.ResourceSampleInterval}; it must be positive, for example 00:00:05.";
        }
    }

    public static bool IsAzureTable(ServingFabricSiloOptions options) =>
        string.Equals(options.Clustering, ClusteringProviders.AzureTable, StringComparison.OrdinalIgnoreCase);

    private static void CheckPort(List<string> failures, string setting, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"ServingFabric:Silo:{setting} is {port}; use a TCP port from 1 to 65535.");
        }
    }
}
