using ServingFabric.Perf.Fabric;

namespace ServingFabric.Perf.Tests;

/// <summary>The warm-up reads the silo's JIT counter from its Prometheus text to know when compilation has settled.</summary>
public sealed class FabricWarmupTests
{
    [Fact]
    public void ParseCompiledMethods_PrometheusText_ReadsTheCounter()
    {
        const string metrics = """
            # HELP dotnet_jit_compiled_methods_total The number of times the JIT compiler (re)compiled methods.
            # TYPE dotnet_jit_compiled_methods_total counter
            dotnet_jit_compiled_methods_total{otel_scope_name="System.Runtime"} 28280 1764390000000
            dotnet_gc_collections_total{gc_heap_generation="gen0"} 12
            """;

        Assert.Equal(28280, FabricWarmup.ParseCompiledMethods(metrics));
    }

    [Fact]
    public void ParseCompiledMethods_NoCounter_IsNull()
    {
        Assert.Null(FabricWarmup.ParseCompiledMethods("# EOF\nservingfabric_inference_requests_total 3\n"));
    }
}
