using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Gpus;

namespace ServingFabric.Gateway.Operator;

/// <summary>This silo's GPUs (<c>GET /v1/gpus</c>, scope <c>read</c>): inventory, utilization, memory held by its sessions, health.</summary>
internal static class GpuEndpoints
{
    public static Task StatusAsync(HttpContext context)
    {
        var answer = context.RequestServices.GetService<IGpuStatusSource>()?.Status(SiloName.Current)
            ?? new GpusResponse(SiloName.Current, false, "this host reads no GPUs", null, []);
        return ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, answer, ManagementJsonContext.Default.GpusResponse);
    }
}
