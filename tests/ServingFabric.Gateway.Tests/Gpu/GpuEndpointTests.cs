using System.Net;
using System.Text.Json;
using ServingFabric.Gateway.Tests.Management;

namespace ServingFabric.Gateway.Tests.Gpu;

/// <summary><c>GET /v1/gpus</c> of a real silo on this machine, which has no NVIDIA driver.</summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class GpuEndpointTests(ManagementGatewayFixture fixture)
{
    [Fact]
    public async Task Gpus_SiloWithoutDriver_AnswersNoGpusAndWhy()
    {
        var answer = await fixture.Http.GetAsync("/v1/gpus");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var json = answer.Json;
        Assert.False(json.GetProperty("available").GetBoolean());
        Assert.Contains("libnvidia-ml.so.1 not found", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("driver_version").ValueKind);
        Assert.Empty(json.GetProperty("devices").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("silo").GetString()));
    }

    [Fact]
    public async Task Gpus_NoCredential_Unauthorized()
    {
        var answer = await fixture.Http.SendAsync(HttpMethod.Get, "/v1/gpus", null, key: null, actor: null);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }
}
