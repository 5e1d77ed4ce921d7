namespace ServingFabric.Gpu;

/// <summary>What a CUDA error from an engine means for the replica that saw it.</summary>
public enum CudaFailureKind
{
    /// <summary>Not a CUDA error (a bad input, a model bug): nothing to do with the GPU.</summary>
    None = 0,
    /// <summary>The GPU ran out of memory for this batch: a smaller batch may fit.</summary>
    OutOfMemory = 1,
    /// <summary>
    /// The device or its CUDA context is broken (illegal address, launch failure, uncorrectable ECC, device lost):
    /// every later call on it fails, so the GPU is marked unhealthy and its replicas move.
    /// </summary>
    DeviceFailed = 2,
}

/// <summary>
/// Reads the CUDA errors ONNX Runtime reports, as its CUDA provider prints them (<c>CUDA failure 700: an illegal memory
/// access was encountered ; GPU=0 ; …</c>, cuBLAS/cuDNN <c>…_STATUS_…</c> names, the BFC arena's <c>Failed to allocate
/// memory for requested buffer of size …</c>), into what to do about them. Messages are matched by the CUDA runtime's
/// own error strings and names (cudaGetErrorString / cudaGetErrorName), which do not change between CUDA releases.
/// </summary>
public static class CudaErrorClassifier
{
    // cudaErrorMemoryAllocation (2), the allocators' own refusals, and cuBLAS/cuDNN failing to allocate workspace.
    private static readonly string[] OutOfMemoryMarks =
    [
        "CUDA failure 2:", "out of memory", "cudaErrorMemoryAllocation", "Failed to allocate memory for requested buffer",
        "CUBLAS_STATUS_ALLOC_FAILED", "CUDNN_STATUS_ALLOC_FAILED",
    ];

    // Errors after which the CUDA context (or the device) is unusable until the process restarts: sticky errors in
    // CUDA's documentation (illegal address 700, assert 710, hardware stack 714, illegal instruction 715, misaligned
    // 716, invalid PC 718, launch failure 719), launch timeout 702, uncorrectable ECC 214, devices unavailable 46,
    // no device 100, unknown 999, and the libraries' execution failures, which surface a broken context.
    private static readonly string[] DeviceFailedMarks =
    [
        "an illegal memory access was encountered", "cudaErrorIllegalAddress",
        "device-side assert triggered", "cudaErrorAssert",
        "hardware stack error", "cudaErrorHardwareStackError",
        "an illegal instruction was encountered", "cudaErrorIllegalInstruction",
        "misaligned address", "cudaErrorMisalignedAddress",
        "invalid program counter", "cudaErrorInvalidPc",
        "unspecified launch failure", "cudaErrorLaunchFailure",
        "the launch timed out and was terminated", "cudaErrorLaunchTimeout",
        "uncorrectable ECC error encountered", "cudaErrorECCUncorrectable",
        "CUDA-capable device(s) is/are busy or unavailable", "cudaErrorDevicesUnavailable",
        "no CUDA-capable device is detected", "cudaErrorNoDevice",
        "CUDA failure 999:", "cudaErrorUnknown",
        "GPU is lost", "NVML_ERROR_GPU_IS_LOST",
        "CUBLAS_STATUS_EXECUTION_FAILED", "CUDNN_STATUS_EXECUTION_FAILED", "CUDNN_STATUS_INTERNAL_ERROR",
    ];

    /// <summary>What <paramref name="message"/> (an exception's message, inner ones included) means.</summary>
    public static CudaFailureKind Classify(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return CudaFailureKind.None;
        }

        // A broken device outranks an allocation failure reported in the same text: retrying smaller would not help.
        if (DeviceFailedMarks.Any(mark => message.Contains(mark, StringComparison.Ordinal)))
        {
            return CudaFailureKind.DeviceFailed;
        }

        return OutOfMemoryMarks.Any(mark => message.Contains(mark, StringComparison.Ordinal)) ? CudaFailureKind.OutOfMemory : CudaFailureKind.None;
    }

    /// <summary>What <paramref name="exception"/> or any exception inside it means.</summary>
    public static CudaFailureKind Classify(Exception? exception)
    {
        var worst = CudaFailureKind.None;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var kind = Classify(e.Message);
            worst = kind > worst ? kind : worst;
        }

        return worst;
    }
}
