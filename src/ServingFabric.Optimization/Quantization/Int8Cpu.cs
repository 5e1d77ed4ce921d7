using System.Runtime.InteropServices;

namespace ServingFabric.Optimization.Quantization;

/// <summary>
/// Whether this CPU multiplies int8 without 16-bit saturation. ONNX Runtime's x64 int8 kernels use VNNI (vpdpbusd,
/// 32-bit sums) where the CPU has it (AVX-512 VNNI or AVX-VNNI) and otherwise vpmaddubsw, whose pairwise u8 × s8 sums
/// saturate at 16 bits with full-range weights (255 × 127 × 2 > 32767): the reason for 7-bit weights (reduce range).
/// </summary>
internal static class Int8Cpu
{
    private static readonly Lazy<bool> Saturating = new(DetectSaturation);

    /// <summary>True on an x64 CPU without VNNI (or whose features cannot be read): full-range int8 weights lose accuracy there.</summary>
    public static bool SaturatesFullRangeWeights => Saturating.Value;

    /// <summary>Reads the x64 feature flags of <c>/proc/cpuinfo</c>-style text; true when neither VNNI flavour is listed.</summary>
    internal static bool SaturatesOn(string cpuinfo)
    {
        ArgumentNullException.ThrowIfNull(cpuinfo);
        foreach (var line in cpuinfo.Split('\n'))
        {
            if (line.StartsWith("flags", StringComparison.Ordinal))
            {
                var flags = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return !flags.Contains("avx512_vnni", StringComparer.Ordinal) && !flags.Contains("avx_vnni", StringComparer.Ordinal);
            }
        }

        return true;
    }

    private static bool DetectSaturation()
    {
        // Arm's int8 dot products (sdot/udot) and ONNX Runtime's other kernels do not saturate this way.
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return false;
        }

        try
        {
            return SaturatesOn(File.ReadAllText("/proc/cpuinfo"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unknown features: 7-bit weights are the choice that is right on every CPU.
            return true;
        }
    }
}
