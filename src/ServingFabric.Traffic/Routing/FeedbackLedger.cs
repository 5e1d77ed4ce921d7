namespace ServingFabric.Traffic.Routing;

/// <summary>
/// Which version served which request, so a reward sent later (<c>POST /v1/models/{name}/feedback</c>) lands in the
/// arm that earned it. Bounded twice: at most <c>capacity</c> requests, the oldest forgotten first, and each for at
/// most <c>window</c>. One reward per request: a retried feedback call must not count twice. Keyed by model, caller
/// and request id: ids are chosen by callers, so each caller (the authenticated principal that sent the request) has
/// its own namespace of ids. Another caller reusing an id neither rewrites nor claims the first caller's entry, and
/// two models may see the same id. Thread-safe (one lock; remembering is a dictionary insert and a list append).
/// </summary>
public sealed class FeedbackLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Model, string Caller, string RequestId), LinkedListNode<Entry>> _entries = [];
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

    /// <summary>
    /// Remembers that <paramref name="served"/> describes request <paramref name="requestId"/> that
    /// <paramref name="caller"/> sent to <paramref name="model"/>; the same caller repeating an id starts afresh (its
    /// latest answer is the one it can reward), other callers' entries for the same id are untouched.
    /// </summary>
    public void Remember(string model, string caller, string requestId, ServedRequest served)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(caller);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var key = (model, caller, requestId);
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_entries.Remove(key, out var previous))
            {
                _byAge.Remove(previous);
            }

            while (_byAge.First is { } oldest && (_entries.Count >= _capacity || _time.GetElapsedTime(oldest.Value.At, now) > _window))
            {
                Forget(oldest);
            }

            _entries[key] = _byAge.AddLast(new Entry(key, served, now));
        }
    }

    /// <summary>
    /// Takes the one reward that request <paramref name="requestId"/>, sent by <paramref name="caller"/> to
    /// <paramref name="model"/>, may receive; a request of another caller with the same id is <see cref="FeedbackClaim.Unknown"/>.
    /// </summary>
    public FeedbackClaim TryClaim(string model, string caller, string requestId, out ServedRequest served)
    {
        served = default;
        lock (_gate)
        {
            if (!_entries.TryGetValue((model, caller, requestId), out var node) || _time.GetElapsedTime(node.Value.At) > _window)
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
        _entries.Remove(node.Value.Key);
        _byAge.Remove(node);
    }

    private sealed class Entry((string Model, string Caller, string RequestId) key, ServedRequest served, long at)
    {
        public (string Model, string Caller, string RequestId) Key { get; } = key;

        public ServedRequest Served { get; } = served;

        public long At { get; } = at;

        public bool Rewarded { get; set; }
    }
}
