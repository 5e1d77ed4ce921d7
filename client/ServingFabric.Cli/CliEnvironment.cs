using Microsoft.Extensions.Logging.Abstractions;
using ServingFabric.Gpu;

namespace ServingFabric.Cli;

/// <summary>What fabric takes from outside the command line: environment variables, the clock, the terminal.</summary>
/// <param name="Url">FABRIC_URL.</param>
/// <param name="ApiKey">FABRIC_API_KEY.</param>
/// <param name="Actor">FABRIC_ACTOR, else the user name.</param>
/// <param name="Time">The clock (watch deadlines, elapsed times).</param>
/// <param name="Delay">Waits between watch refreshes.</param>
/// <param name="Interactive">Whether output is a terminal (watch then redraws in place).</param>
internal sealed record CliEnvironment(
    string? Url,
    string? ApiKey,
    string? Actor,
    TimeProvider Time,
    Func<TimeSpan, CancellationToken, Task> Delay,
    bool Interactive)
{
    /// <summary>FABRIC_API_KEY_FILE: a file holding the API key (preferred over <see cref="ApiKey"/>, which shows in environment listings).</summary>
    public string? ApiKeyFile { get; init; }

    /// <summary>FABRIC_GRPC_URL: the gateway's gRPC listener, for <c>fabric infer --transport grpc</c> without --grpc-url.</summary>
    public string? GrpcUrl { get; init; }

    /// <summary>Opens this machine's GPUs for <c>fabric gpu probe</c>; tests give an inventory without NVML.</summary>
    public Func<IGpuInventory> OpenGpuInventory { get; init; } = static () => new NvmlGpuInventory(NullLogger<NvmlGpuInventory>.Instance);

    /// <summary>Only a URL from the environment; system clock; not a terminal.</summary>
    public static CliEnvironment WithUrl(string? url) => new(url, null, null, TimeProvider.System, Task.Delay, Interactive: false);

    /// <summary>The process's environment and console.</summary>
    public static CliEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable(FabricCommandLine.UrlVariable),
        Environment.GetEnvironmentVariable(FabricCommandLine.ApiKeyVariable),
        Environment.GetEnvironmentVariable(FabricCommandLine.ActorVariable) ?? Environment.UserName,
        TimeProvider.System,
        Task.Delay,
        Interactive: !Console.IsOutputRedirected)
    {
        ApiKeyFile = Environment.GetEnvironmentVariable(FabricCommandLine.ApiKeyFileVariable),
        GrpcUrl = Environment.GetEnvironmentVariable(InferCommands.GrpcUrlVariable),
    };
}
