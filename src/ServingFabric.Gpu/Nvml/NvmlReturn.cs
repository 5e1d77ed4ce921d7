namespace ServingFabric.Gpu.Nvml;

/// <summary>What a caller does with an <c>nvmlReturn_t</c>.</summary>
internal enum NvmlOutcome
{
    /// <summary>NVML_SUCCESS: the value is good.</summary>
    Success,

    /// <summary>NVML_ERROR_NOT_SUPPORTED: the device has no such value (a GeForce's ECC, a MIG slice's power); shown as null.</summary>
    NotSupported,

    /// <summary>NVML_ERROR_GPU_IS_LOST: the device fell off the bus or stopped answering; it is unhealthy until the process restarts.</summary>
    Lost,

    /// <summary>NVML_ERROR_TIMEOUT: an event wait found nothing (normal when draining with a zero timeout).</summary>
    Timeout,

    /// <summary>Any other code: a failure described by <c>nvmlErrorString</c>.</summary>
    Failed,
}

/// <summary>The <c>nvmlReturn_t</c> codes this binding acts on, and how each is handled.</summary>
internal static class NvmlReturn
{
    public const int Success = 0;
    public const int NotSupported = 3;
    public const int Timeout = 10;
    public const int GpuIsLost = 15;

    public static NvmlOutcome Classify(int code) => code switch
    {
        Success => NvmlOutcome.Success,
        NotSupported => NvmlOutcome.NotSupported,
        GpuIsLost => NvmlOutcome.Lost,
        Timeout => NvmlOutcome.Timeout,
        _ => NvmlOutcome.Failed,
    };

    /// <summary>NVML's own words for a code, with the number (which is what NVIDIA's documentation and forums index).</summary>
    public static string Describe(int code, string? errorString) =>
        string.IsNullOrWhiteSpace(errorString) ? $"NVML error {code}" : $"{errorString.Trim()} (NVML error {code})";
}
