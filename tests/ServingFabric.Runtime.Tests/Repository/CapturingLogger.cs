using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ServingFabric.Runtime.Tests.Repository;

/// <summary>A logger that keeps every formatted message with its level, to assert what an operator would read.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));

    public string Warnings => string.Join("\n", Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message));
}
