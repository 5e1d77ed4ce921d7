using System.Collections.Frozen;

namespace ServingFabric.Gpu.Health;

/// <summary>
/// The XIDs after which a GPU is not trusted with inference again until it is reset or replaced, and the process that
/// holds its CUDA context restarted.
/// </summary>
/// <remarks>
/// From NVIDIA's Xid catalogue for Ampere and newer (https://docs.nvidia.com/deploy/xid-errors/analyzing-xid-catalog.html,
/// "Resolution Bucket (Immediate Action)"): the XIDs whose immediate action is a GPU reset, a VM or node reboot, or
/// which report uncontained memory corruption or a device that stopped answering. XIDs such as 13, 31 and 43 (an
/// application's own illegal address or fault; the catalogue says RESTART_APP and the GPU is fine) are not here: one
/// bad request must not take a GPU out of service. 63 (a row marked for remapping, "reset gpu to activate") is not
/// here either: the GPU keeps working and the remap takes effect at the next planned reset; 64 (the remap failed) is.
/// 94 (a contained ECC error) is here although the catalogue only restarts the application: the application is this
/// silo, whose CUDA context saw the poisoned memory.
/// </remarks>
internal static class FatalXids
{
    public static readonly FrozenDictionary<ulong, string> Descriptions = new Dictionary<ulong, string>
    {
        [48] = "double-bit ECC error",
        [62] = "internal micro-controller halt",
        [64] = "ECC page retirement or row remapping failure",
        [74] = "NVLink error",
        [79] = "GPU has fallen off the bus",
        [92] = "high single-bit ECC error rate",
        [94] = "contained ECC error",
        [95] = "uncontained ECC error",
        [119] = "GSP RPC timeout",
        [120] = "GSP error",
        [140] = "unrecovered ECC error",
    }.ToFrozenDictionary();

    public static bool IsFatal(ulong xid) => Descriptions.ContainsKey(xid);
}
