using System.Diagnostics;

namespace ServingFabric.Chaos.Faults;

/// <summary>Whether this machine lets the harness cut one silo off from the others without touching its own networking.</summary>
internal static class PartitionSupport
{
    /// <summary>Null when partitions can run here; else why not (logged, and the fault kind is skipped).</summary>
    public static string? WhyNot()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "partition skipped: network namespaces are Linux only";
        }

        if (Environment.UserName != "root")
        {
            return "partition skipped: creating network namespaces needs root";
        }

        if (!Succeeds("ip", "netns", "list"))
        {
            return "partition skipped: `ip netns` is not available";
        }

        // Even with namespaces, a silo moved into one loses the host's loopback, and every server of this harness binds
        // 127.0.0.1 only (a project rule): cutting one silo off would mean giving it a veth address outside loopback, or
        // dropping loopback ports with iptables/nft, which would rewrite the machine's own packet filter.
        return "partition skipped: `ip netns` and root are available, but every silo listens on 127.0.0.1 only and a network "
            + "namespace has its own loopback; a partition would need silos on veth addresses (not loopback) or a loopback packet "
            + "filter rule (iptables/nft), which could disturb this machine's own networking";
    }

    private static bool Succeeds(string file, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit(5000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
