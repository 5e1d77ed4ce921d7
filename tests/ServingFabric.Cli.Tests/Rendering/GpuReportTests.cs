using ServingFabric.Gpu;
using ServingFabric.Gpu.Probe;

namespace ServingFabric.Cli.Tests.Rendering;

public sealed class GpuReportTests
{
    [Fact]
    public void WriteText_HealthyAndUnhealthyGpus_EveryValueAndHealth()
    {
        GpuReading[] gpus =
        [
            new(0, "GPU-5b1d0c2e-0000-0000-0000-000000000001", "NVIDIA H100 80GB HBM3", 85_520_809_984, 2_147_483_648, 97, 41, 63, 512.27, 0, 3, null),
            new(1, "GPU-5b1d0c2e-0000-0000-0000-000000000002", "NVIDIA GeForce RTX 4090", 25_757_220_864, 0, null, null, null, null, null, null,
                "lost: NVML reports the GPU is lost"),
        ];
        using var text = new StringWriter { NewLine = "\n" };

        GpuProbeReport.WriteText(text, "580.65.06", gpus);

        Assert.Equal(
            """
            driver 580.65.06, 2 GPUs

            GPU 0  NVIDIA H100 80GB HBM3  GPU-5b1d0c2e-0000-0000-0000-000000000001
              memory        2048 MiB used of 81559 MiB
              utilization   97 % (memory 41 %)
              temperature   63 C
              power         512.3 W
              ECC errors    0 uncorrected, 3 corrected
              health        healthy

            GPU 1  NVIDIA GeForce RTX 4090  GPU-5b1d0c2e-0000-0000-0000-000000000002
              memory        0 MiB used of 24564 MiB
              utilization   n/a (not supported) (memory n/a (not supported))
              temperature   n/a (not supported)
              power         n/a (not supported)
              ECC errors    n/a (not supported)
              health        UNHEALTHY: lost: NVML reports the GPU is lost

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            text.ToString());
    }

    [Fact]
    public void Json_Reading_CamelCaseWithHealth()
    {
        var sample = new GpuProbeSample(1, true, null, "580.65.06",
            [new GpuReading(0, "GPU-1", "NVIDIA H100 80GB HBM3", 1024, 512, 50, 10, 40, 100.5, 0, 0, null)]);

        Assert.Equal(
            "{\"sample\":1,\"available\":true,\"reason\":null,\"driverVersion\":\"580.65.06\",\"gpus\":[{\"index\":0,\"uuid\":\"GPU-1\",\"name\":\"NVIDIA H100 80GB HBM3\","
            + "\"memoryTotalBytes\":1024,\"memoryUsedBytes\":512,\"utilizationPercent\":50,\"memoryUtilizationPercent\":10,\"temperatureCelsius\":40,\"powerWatts\":100.5,"
            + "\"eccUncorrectedErrors\":0,\"eccCorrectedErrors\":0,\"problem\":null,\"healthy\":true}]}",
            GpuProbeReport.Json(sample));
    }
}
