namespace ServingFabric.Cli;

/// <summary>The gateway answered with an error.</summary>
internal sealed class FabricRequestException(string message) : Exception(message);
