using ServingFabric.Inference;

namespace ServingFabric.Client;

/// <summary>
/// One call's deadline as a cancellation token: the caller's token, or the deadline passing, whichever is first.
/// Telling the two apart matters: the caller's cancellation stays an <see cref="OperationCanceledException"/>,
/// while a passed deadline becomes <see cref="InferenceErrorKind.DeadlineExceeded"/>, as the server would report it.
/// </summary>
internal sealed class CallDeadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _callerToken;

    private CallDeadline(DateTimeOffset deadline, TimeSpan remaining, TimeProvider timeProvider, CancellationToken callerToken)
    {
        Deadline = deadline;
        Remaining = remaining;
        _callerToken = callerToken;
        _timer = new CancellationTokenSource(remaining, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timer.Token);
    }

    /// <summary>When the call gives up (UTC).</summary>
    public DateTimeOffset Deadline { get; }

    /// <summary>Time left when the call started; always positive.</summary>
    public TimeSpan Remaining { get; }

    /// <summary>Cancelled by the caller or at the deadline.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the deadline, not the caller, cancelled the call.</summary>
    public bool Expired => _timer.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>Starts the clock for a deadline; a deadline already past fails at once, before anything is sent.</summary>
    public static CallDeadline Start(DateTimeOffset deadline, TimeProvider timeProvider, CancellationToken callerToken)
    {
        var remaining = deadline - timeProvider.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            throw Exceeded(deadline);
        }

        return new CallDeadline(deadline, remaining, timeProvider, callerToken);
    }

    /// <summary>The request's own deadline, else one <paramref name="defaultTimeout"/> from now.</summary>
    public static DateTimeOffset For(InferenceRequest request, TimeSpan defaultTimeout, TimeProvider timeProvider) =>
        request.Deadline ?? timeProvider.GetUtcNow() + defaultTimeout;

    public static InferenceException Exceeded(DateTimeOffset deadline, Exception? inner = null)
    {
        var message = $"The deadline {deadline:O} passed before the server answered. Raise the request's timeout "
            + "(InferenceRequestBuilder.WithTimeout) or ServingFabricClientOptions.DefaultTimeout, or reduce the load.";
        return inner is null
            ? new InferenceException(InferenceErrorKind.DeadlineExceeded, message)
            : new InferenceException(InferenceErrorKind.DeadlineExceeded, message, inner);
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
