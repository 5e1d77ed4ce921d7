using ServingFabric.Gpu;

namespace ServingFabric.Runtime.Tests.Gpu;

/// <summary>Messages as ONNX Runtime's CUDA provider, its BFC arena and cuBLAS/cuDNN calls print them.</summary>
public sealed class CudaErrorClassifierTests
{
    [Theory]
    [InlineData("[ErrorCode:Fail] CUDA failure 2: out of memory ; GPU=0 ; hostname=silo-0 ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_allocator.cc ; line=48 ; expr=cudaMalloc((void**)&p, size);")]
    [InlineData("[ErrorCode:RuntimeException] Non-zero status code returned while running MatMul node. Name:'/fc1/MatMul' Status Message: /onnxruntime_src/onnxruntime/core/framework/bfc_arena.cc:376 void* onnxruntime::BFCArena::AllocateRawInternal(size_t, bool, onnxruntime::Stream*, bool, onnxruntime::WaitNotificationFn) Failed to allocate memory for requested buffer of size 4294967296")]
    [InlineData("[ErrorCode:Fail] CUBLAS failure 3: CUBLAS_STATUS_ALLOC_FAILED ; GPU=1 ; hostname=silo-2 ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_execution_provider.cc ; line=178 ; expr=cublasCreate(&cublas_handle_);")]
    public void Classify_OutOfMemoryMessages_OutOfMemory(string message)
    {
        Assert.Equal(CudaFailureKind.OutOfMemory, CudaErrorClassifier.Classify(message));
    }

    [Theory]
    [InlineData("[ErrorCode:Fail] CUDA failure 700: an illegal memory access was encountered ; GPU=0 ; hostname=silo-0 ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_execution_provider.cc ; line=446 ; expr=cudaStreamSynchronize(static_cast<cudaStream_t>(stream));")]
    [InlineData("[ErrorCode:Fail] CUDA failure 719: unspecified launch failure ; GPU=0 ; hostname=silo-0 ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/gpu_data_transfer.cc ; line=73 ; expr=cudaMemcpyAsync(dst_data, src_data, bytes, cudaMemcpyDeviceToHost, static_cast<cudaStream_t>(stream.GetHandle()));")]
    [InlineData("[ErrorCode:Fail] CUDA failure 214: uncorrectable ECC error encountered ; GPU=3 ; hostname=silo-1 ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc ; line=123 ; expr=cudaDeviceSynchronize();")]
    [InlineData("[ErrorCode:Fail] CUDA failure 100: no CUDA-capable device is detected ; GPU=0 ; hostname=silo-0 ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_execution_provider.cc ; line=280 ; expr=cudaSetDevice(info_.device_id);")]
    [InlineData("[ErrorCode:Fail] CUDA failure 710: device-side assert triggered ; GPU=0 ; hostname=silo-0")]
    [InlineData("[ErrorCode:Fail] CUBLAS failure 13: CUBLAS_STATUS_EXECUTION_FAILED ; GPU=0 ; hostname=silo-0 ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/math/gemm.cc ; line=228")]
    [InlineData("[ErrorCode:Fail] CUDA failure 999: unknown error ; GPU=0 ; hostname=silo-0")]
    public void Classify_BrokenDeviceMessages_DeviceFailed(string message)
    {
        Assert.Equal(CudaFailureKind.DeviceFailed, CudaErrorClassifier.Classify(message));
    }

    [Theory]
    [InlineData("[ErrorCode:InvalidArgument] Got invalid dimensions for input: input for the following indices\n index: 1 Got: 5 Expected: 4")]
    [InlineData("[ErrorCode:Fail] Load model from model.onnx failed: Protobuf parsing failed.")]
    [InlineData("")]
    [InlineData(null)]
    public void Classify_OtherErrors_None(string? message)
    {
        Assert.Equal(CudaFailureKind.None, CudaErrorClassifier.Classify(message));
    }

    [Fact]
    public void Classify_DeviceFailureInsideAnOutOfMemoryWrapper_DeviceFailedWins()
    {
        var inner = new InvalidOperationException("CUDA failure 700: an illegal memory access was encountered ; GPU=0");
        var outer = new InvalidOperationException("Failed to allocate memory for requested buffer of size 1024", inner);

        Assert.Equal(CudaFailureKind.DeviceFailed, CudaErrorClassifier.Classify(outer));
    }
}
