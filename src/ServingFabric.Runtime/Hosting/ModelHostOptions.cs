namespace ServingFabric.Runtime.Hosting;

/// <summary>Limits of a silo's <see cref="ModelHost"/> (the silo binds them from <c>ServingFabric:Silo</c>).</summary>
public sealed class ModelHostOptions
{
    /// <summary>The default <see cref="MaxSessions"/>.</summary>
    public const int DefaultMaxSessions = 32;

    /// <summary>
    /// Model versions (engine sessions) this silo may hold at once, loading ones and ones still unloading included;
    /// loading one more answers 503 naming this limit. 0 means no limit. Default 32: every session keeps its weights
    /// and arena in memory, so a silo should refuse to load more than its memory holds rather than be OOM-killed.
    /// </summary>
    public int MaxSessions { get; set; } = DefaultMaxSessions;
}
