using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServingFabric.Protocol.Grpc;

namespace ServingFabric.Client.Tests.Grpc;

/// <summary>
/// A gRPC gateway on a free loopback port (h2c) whose ModelInfer answers what the test scripts: the status to fail
/// with (and its trailers), or an echo of the request; every call's authorization header and deadline are recorded.
/// </summary>
internal sealed class ScriptedGrpcGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedGrpcGateway(WebApplication app, Script script)
    {
        _app = app;
        Calls = script;
    }

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public Script Calls { get; }

    public static async Task<ScriptedGrpcGateway> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var script = new Script();
        builder.Services.AddSingleton(script);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync();
        return new ScriptedGrpcGateway(app, script);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed class Script
    {
        public RpcException? Failure { get; set; }

        public string? Authorization { get; set; }

        public DateTime Deadline { get; set; }
    }

    private sealed class Service(Script script) : GRPCInferenceService.GRPCInferenceServiceBase
    {
        public override Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
        {
            script.Authorization = context.RequestHeaders.GetValue("authorization");
            script.Deadline = context.Deadline;
            if (script.Failure is { } failure)
            {
                throw failure;
            }

            var response = new ModelInferResponse { Id = request.Id, ModelName = request.ModelName, ModelVersion = "1" };
            foreach (var input in request.Inputs)
            {
                response.Outputs.Add(new ModelInferResponse.Types.InferOutputTensor { Name = input.Name, Datatype = input.Datatype, Shape = { input.Shape }, Contents = input.Contents });
            }

            response.RawOutputContents.Add(request.RawInputContents);
            return Task.FromResult(response);
        }

        public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
            request.Name == "iris"
                ? Task.FromResult(new ModelReadyResponse { Ready = true })
                : throw new RpcException(new Status(StatusCode.NotFound, $"unknown model '{request.Name}'"));
    }
}
