namespace ServingFabric.Cli;

/// <summary>How far a --wait has come: a line for people, and done of total for a progress bar.</summary>
internal sealed record WaitProgress(string Text, int Done, int Total);
