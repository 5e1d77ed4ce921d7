using ServingFabric.Perf.Measurement;
using ServingFabric.Perf.Paths;

namespace ServingFabric.Perf.Fabric;

/// <summary>
/// A fresh silo's first requests compile the whole request path (Kestrel, routing, codecs, grains, batcher): a
/// second or more of JIT on one core, which no measurement should count. Before any run, every model gets a few
/// requests over each path the scenarios use, and each must be answered.
/// </summary>
internal static class FabricWarmup
{
    private const int RequestsPerPath = 8;

    public static async Task RunAsync(PerfFabric fabric, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fabric);
        string[] iris = [PerfModels.Iris, PerfModels.IrisBatching, PerfModels.IrisDelay];
        string[] ocr = [PerfModels.Ocr, PerfModels.OcrNoBatch, PerfModels.OcrBounded];
        var payloads = iris.Select(m => (m, (IPayloadSource)new FixedPayload(PerfInputs.Iris(m))))
            .Concat(ocr.Select(m => (m, (IPayloadSource)new FixedPayload(PerfInputs.Ocr(m, fabric.MetadataOf(m), seed)))));
        foreach (var (model, payload) in payloads)
        {
            List<IRequestPath> paths = [new HttpPath(fabric.Http, model, payload, binary: true), new HttpPath(fabric.Http, model, payload, binary: false)];
            if (fabric.Sdk is { } sdk)
            {
                paths.Add(new SdkPath("sdk-orleans", model, sdk, payload));
            }

            foreach (var path in paths)
            {
                for (var i = 0; i < RequestsPerPath; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (await path.SendAsync(i) != RequestOutcome.Ok)
                    {
                        throw new InvalidOperationException($"warm-up request {i} to '{model}' over {path.Name} was refused; the silo is not serving it.");
                    }
                }
            }
        }
    }
}
