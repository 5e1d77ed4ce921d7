using System.Runtime.InteropServices;

namespace ServingFabric.Perf.Reporting;

/// <summary>Where the numbers were taken: absolute figures only mean something next to this; ratios travel better.</summary>
internal sealed record MachineInfo(int Cores, string Cpu, string Os, string Runtime)
{
    // A pinned generator sees only its own cores; the machine has those of the split.
    public static MachineInfo Current() =>
        new(Fabric.CoreSplit.FromEnvironment() is { } split ? split.ServerThreads + split.ClientCores.Count : Environment.ProcessorCount, CpuModel(), RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    public override string ToString() => $"{Cores} cores ({Cpu}), {Os}, {Runtime}";

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }

        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
