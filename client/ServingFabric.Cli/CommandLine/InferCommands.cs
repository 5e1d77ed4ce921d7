using System.Text;
using ServingFabric.Inference;
using ServingFabric.Protocol;

namespace ServingFabric.Cli;

/// <summary><c>fabric infer</c>: one inference request, over HTTP (the gateway's --gateway URL) or gRPC (--grpc-url).</summary>
internal static class InferCommands
{
    /// <summary>Environment variable with the gateway's gRPC listener, used when --grpc-url is not given.</summary>
    public const string GrpcUrlVariable = "FABRIC_GRPC_URL";

    public const string DefaultGrpcUrl = "http://127.0.0.1:8081";

    private const string Example = """fabric infer iris --data '{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}' --transport grpc""";

    public static LeafCommand Infer()
    {
        var model = Words.Model();
        var data = FabricOptions.Text("--data", "'{\"inputs\":[...]}'", "the request as Open Inference Protocol JSON ({\"inputs\": [...]}); or --data-file");
        var dataFile = FabricOptions.Text("--data-file", "request.json", "a file holding the request as Open Inference Protocol JSON; or --data");
        var version = FabricOptions.Text("--model-version", "1", "the version to run (default: the one the gateway routes to)");
        var transport = FabricOptions.Text("--transport", "grpc", "http (the gateway's REST API, default) or grpc (its gRPC listener)");
        var grpcUrl = FabricOptions.Text("--grpc-url", DefaultGrpcUrl, $"with --transport grpc: the gateway's gRPC listener (default {GrpcUrlVariable}, else {DefaultGrpcUrl})");
        return new LeafCommand("infer", "run one inference request and print its outputs (name, datatype, shape, values)", Example, (parse, url) =>
        {
            var grpc = parse.GetValue(transport) switch
            {
                null or "http" => false,
                "grpc" => true,
                var other => throw new CliUsageException($"--transport '{other}' is not http or grpc; give --transport grpc to use the gateway's gRPC listener"),
            };
            if (!grpc && parse.GetValue(grpcUrl) is not null)
            {
                throw new CliUsageException("--grpc-url only applies with --transport grpc");
            }

            var body = (parse.GetValue(data), parse.GetValue(dataFile)) switch
            {
                ({ } json, null) => Encoding.UTF8.GetBytes(json),
                (null, { } file) => ReadFile(file),
                (null, null) => throw new CliUsageException($"fabric infer needs the request, in --data or --data-file; example: {Example}"),
                _ => throw new CliUsageException("--data and --data-file are both given; give the request one way"),
            };
            var request = ReadRequest(body, parse.GetValue(model)!, parse.GetValue(version));
            return new InferCommand(url, request, grpc, parse.GetValue(grpcUrl) is { } text ? ParseGrpcUrl(text) : null);
        }) { model, data, dataFile, version, transport, grpcUrl };
    }

    public static Uri ParseGrpcUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new CliUsageException($"gRPC URL '{text}' is not an http(s) URL; give the gateway's gRPC listener, as in --grpc-url {DefaultGrpcUrl}");

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"--data-file: cannot read '{path}' ({ex.Message}); give a readable JSON file, or the JSON itself with --data");
        }
    }

    // The body is read with the protocol's own codec, so a mistake is reported before anything is sent, as the gateway would.
    private static InferenceRequest ReadRequest(byte[] body, string model, string? version)
    {
        try
        {
            return OipRequestCodec.Read(body, inferenceHeaderLength: null, model, version);
        }
        catch (InferenceException ex)
        {
            throw new CliUsageException($"the request is not an inference request: {ex.Message}");
        }
    }
}
