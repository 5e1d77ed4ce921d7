using Microsoft.Extensions.Logging;

namespace ServingFabric.Hosting.Secrets;

/// <summary>
/// A logger for what happens before the host's logging exists (secrets are read while the host is composed): entries
/// are kept until <see cref="Attach"/> and then written, in order, to the real logger; later ones go straight there.
/// </summary>
internal sealed class StartupBufferedLogger : ILogger
{
    private const int MaxBuffered = 1_000;
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, EventId Id, string Message, Exception? Error)> _buffer = [];
    private ILogger? _target;

    public void Attach(ILogger target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_gate)
        {
            foreach (var (level, id, message, error) in _buffer)
            {
                target.Log(level, id, message, error, static (m, _) => m);
            }

            _buffer.Clear();
            _target = target;
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _target?.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _target?.IsEnabled(logLevel) ?? logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (_target is { } target)
        {
            target.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        lock (_gate)
        {
            if (_target is { } attached)
            {
                attached.Log(logLevel, eventId, state, exception, formatter);
            }
            else if (_buffer.Count < MaxBuffered)
            {
                _buffer.Add((logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}
