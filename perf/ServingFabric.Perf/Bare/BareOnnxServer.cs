using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace ServingFabric.Perf.Bare;

/// <summary>
/// The bare baseline: what a .NET team writes instead of a serving system. An ASP.NET Core minimal API on a
/// free loopback port holding one ONNX Runtime <see cref="InferenceSession"/> for one FP32 model, the Open Inference
/// Protocol's JSON in and out (source-generated serializer), no batching, no cluster, no authentication, no metrics.
/// The session has the fabric's options (one intra-op thread, no spinning), so both sides run the same engine.
/// </summary>
internal sealed class BareOnnxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly InferenceSession _session;

    private BareOnnxServer(WebApplication app, InferenceSession session, Uri address)
    {
        _app = app;
        _session = session;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BareOnnxServer> StartAsync(string model, string modelPath, CancellationToken cancellationToken)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var session = new InferenceSession(modelPath, options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJsonContext.Default));
        var app = builder.Build();
        var endpoint = new BareInferEndpoint(model, session);
        app.MapPost($"/v2/models/{model}/infer", endpoint.Handle);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareOnnxServer(app, session, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _session.Dispose();
    }
}
