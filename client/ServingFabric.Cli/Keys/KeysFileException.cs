namespace ServingFabric.Cli;

/// <summary>The keys file cannot be used: missing, unreadable, not a keys file, or not writable; the message names the file and the fix.</summary>
internal sealed class KeysFileException(string message, Exception? innerException = null) : Exception(message, innerException);
