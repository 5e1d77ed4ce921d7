namespace ServingFabric.Cli;

/// <summary>The command line is wrong; the message says what and how to fix it.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
