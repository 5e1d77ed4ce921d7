using System.Text.Json;
using Microsoft.Extensions.Options;
using ServingFabric.Cli.Rendering;
using ServingFabric.Client;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using Spectre.Console;

namespace ServingFabric.Cli;

/// <summary>fabric infer: one request through the SDK's HTTP or gRPC transport, its outputs as a table or the protocol's JSON.</summary>
internal static partial class FabricCommand
{
    private static async Task<int> InferAsync(
        InferCommand infer, HttpClient http, IAnsiConsole console, TextWriter output, TextWriter error, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var options = new ServingFabricClientOptions
        {
            ApiKey = infer.ApiKey,
            ApiKeyFile = infer.ApiKeyFile,
            UseBinaryTensors = true,
            DefaultTimeout = http.Timeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromSeconds(100) : http.Timeout,
        };
        InferenceResponse response;
        try
        {
            if (infer.Grpc)
            {
                options.Transport = ServingFabricTransport.Grpc;
                options.BaseAddress = infer.GrpcUrl
                    ?? (environment.GrpcUrl is { Length: > 0 } fromEnvironment ? InferCommands.ParseGrpcUrl(fromEnvironment) : new Uri(InferCommands.DefaultGrpcUrl));
                using var grpc = new GrpcInferenceClient(Options.Create(options), environment.Time);
                response = await grpc.InferAsync(infer.Request, cancellationToken);
            }
            else
            {
                options.BaseAddress = infer.Url;
                response = await new HttpInferenceClient(http, Options.Create(options), environment.Time,
                    Microsoft.Extensions.Logging.Abstractions.NullLogger<HttpInferenceClient>.Instance).InferAsync(infer.Request, cancellationToken);
            }
        }
        catch (InferenceException ex)
        {
            var where = infer.Grpc ? options.BaseAddress!.ToString() : infer.Url.ToString();
            await error.WriteLineAsync($"fabric: {where} refused the request ({ex.Kind}): {ex.Message}");
            return Failed;
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"fabric: {ex.Message}");
            return UsageError;
        }

        // The protocol's JSON answer (outputs as JSON data, whatever the transport carried), for both views.
        using var answer = JsonDocument.Parse(OipResponseCodec.Write(response, infer.Request with { Parameters = null, Outputs = null }).Content);
        if (infer.Output == OutputFormat.Json)
        {
            await JsonOutput.WriteAsync(output, answer.RootElement);
        }
        else
        {
            InferenceView.Write(console, answer.RootElement);
        }

        return Ok;
    }
}
