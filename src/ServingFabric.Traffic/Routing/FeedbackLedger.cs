namespace ServingFabric.Traffic.Routing;

/// <summary>
/// Which version served which request, so a reward sent later (<c>POST /v1/models/{name}/feedback</c>) lands in the
/// arm that earned it. Bounded twice: at most <c>capacity</c> requests, the oldest forgotten first, and each for at
/// most <c>window</c>. One reward per request: a retried feedback call must not count twice. Keyed by model and
/// request id, since ids are the callers' and two models may see the same one. Thread-safe (one lock; remembering is
/// a dictionary insert and a list append).
/// </summary>
public sealed class FeedbackLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Model, string RequestId), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _byAge = new();
    private readonly int _capacity;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;

    /// <summary>A ledger of at most <paramref name="capacity"/> requests, each remembered for <paramref name="window"/>.</summary>
    public FeedbackLedger(int capacity, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        (_capacity, _window, _time) = (capacity, window, time);
    }

    /// <summary>How long a request is remembered.</summary>
    public TimeSpan Window => _window;

    /// <summary>Requests remembered now (expired ones may still count until they are pushed out).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Remembers that <paramref name="served"/> describes request <paramref name="requestId"/> of <paramref name="model"/>; a repeated id starts afresh.</summary>
    public void Remember(string model, string requestId, ServedRequest served)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_entries.Remove((model, requestId), out var previous))
            {
                _byAge.Remove(previous);
            }

            while (_byAge.First is { } oldest && (_entries.Count >= _capacity || _time.GetElapsedTime(oldest.Value.At, now) > _window))
            {
                Forget(oldest);
            }

            _entries[(model, requestId)] = _byAge.AddLast(new Entry(model, requestId, served, now));
        }
    }

    /// <summary>Takes the one reward request <paramref name="requestId"/> of <paramref name="model"/> may receive.</summary>
    public FeedbackClaim TryClaim(string model, string requestId, out ServedRequest served)
    {
        served = default;
        lock (_gate)
        {
            if (!_entries.TryGetValue((model, requestId), out var node) || _time.GetElapsedTime(node.Value.At) > _window)
            {
                return FeedbackClaim.Unknown;
            }

            if (node.Value.Rewarded)
            {
                return FeedbackClaim.AlreadyRewarded;
            }

            node.Value.Rewarded = true;
            served = node.Value.Served;
            return FeedbackClaim.Claimed;
        }
    }

    private void Forget(LinkedListNode<Entry> node)
    {
        _entries.Remove((node.Value.Model, node.Value.RequestId));
        _byAge.Remove(node);
    }

    private sealed class Entry(string model, string requestId, ServedRequest served, long at)
    {
        public string Model { get; } = model;

        public string RequestId { get; } = requestId;

        public ServedRequest Served { get; } = served;

        public long At { get; } = at;

        public bool Rewarded { get; set; }
    }
}
