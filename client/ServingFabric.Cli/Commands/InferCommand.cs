using ServingFabric.Inference;

namespace ServingFabric.Cli;

/// <summary><c>fabric infer MODEL --data JSON|--data-file FILE [--model-version V] [--transport http|grpc] [--grpc-url URL]</c>.</summary>
/// <param name="Request">The request, read from the Open Inference Protocol JSON body given with --data or --data-file.</param>
/// <param name="Grpc">Whether to send it over gRPC (<c>--transport grpc</c>) rather than HTTP.</param>
/// <param name="GrpcUrl">The gateway's gRPC listener (--grpc-url); null: FABRIC_GRPC_URL, else http://127.0.0.1:8081.</param>
internal sealed record InferCommand(Uri Url, InferenceRequest Request, bool Grpc, Uri? GrpcUrl) : CliCommand(Url);
