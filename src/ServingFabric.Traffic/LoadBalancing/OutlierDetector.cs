namespace ServingFabric.Traffic.LoadBalancing;

/// <summary>
/// Passive outlier detection for the replicas of one version, fed with the outcome of every call a front makes.
/// A replica is ejected after <see cref="OutlierDetectionOptions.ConsecutiveFailures"/> failures in a row or a failure
/// share at or above <see cref="OutlierDetectionOptions.FailureRateThreshold"/> over a full sliding window, for a back-off
/// that doubles with each repeat. When the back-off ends it is only probe-eligible: one request at a time may try it,
/// and a success puts it back (a silo restarted on a broken artifact must not take full traffic on a timer's word).
/// Not thread-safe: the caller serialises calls.
/// </summary>
public sealed class OutlierDetector
{
    private readonly OutlierDetectionOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private int _ejected;

    /// <summary>Creates a detector; throws when an option is out of range.</summary>
    public OutlierDetector(OutlierDetectionOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (OutlierDetectionOptionsValidator.Validate(options, nameof(OutlierDetectionOptions)) is [var first, ..])
        {
            throw new ArgumentException(first, nameof(options));
        }

        _options = options;
        _time = time;
    }

    /// <summary>Replicas tracked: the base of <see cref="OutlierDetectionOptions.MaxEjectedShare"/>.</summary>
    public int Count => _endpoints.Count;

    /// <summary>Replicas out of rotation now (ejected or waiting for a successful probe).</summary>
    public int EjectedCount => _ejected;

    /// <summary>Tracks exactly <paramref name="keys"/>: new ones start in rotation, known ones keep their history.</summary>
    public void Track(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var wanted = new HashSet<string>(keys, StringComparer.Ordinal);
        foreach (var key in _endpoints.Keys.Where(k => !wanted.Contains(k)).ToList())
        {
            if (_endpoints[key].Ejected)
            {
                _ejected--;
            }

            _endpoints.Remove(key);
        }

        foreach (var key in keys)
        {
            if (!_endpoints.ContainsKey(key))
            {
                _endpoints[key] = new Endpoint(_options.FailureRateWindow);
            }
        }
    }

    /// <summary>Whether <paramref name="key"/> may take traffic; untracked keys are available.</summary>
    public ReplicaAvailability GetAvailability(string key)
    {
        if (!_endpoints.TryGetValue(key, out var endpoint) || !endpoint.Ejected)
        {
            return ReplicaAvailability.Available;
        }

        return _time.GetUtcNow() < endpoint.EjectedUntil ? ReplicaAvailability.Ejected : ReplicaAvailability.ProbeEligible;
    }

    /// <summary>When an ejected replica's back-off ends; null when it is in rotation.</summary>
    public DateTimeOffset? GetEjectedUntil(string key) =>
        _endpoints.TryGetValue(key, out var endpoint) && endpoint.Ejected ? endpoint.EjectedUntil : null;

    /// <summary>
    /// Claims the probe of a probe-eligible replica: true for one caller until that probe's outcome is recorded, so
    /// a replica coming back sees one request, not a burst.
    /// </summary>
    public bool TryBeginProbe(string key)
    {
        if (GetAvailability(key) != ReplicaAvailability.ProbeEligible)
        {
            return false;
        }

        var endpoint = _endpoints[key];
        if (endpoint.ProbeInFlight)
        {
            return false;
        }

        endpoint.ProbeInFlight = true;
        return true;
    }

    /// <summary>A probe ended without saying anything about the replica (the caller went away, bad input): the next request may probe.</summary>
    public void AbandonProbe(string key)
    {
        if (_endpoints.TryGetValue(key, out var endpoint))
        {
            endpoint.ProbeInFlight = false;
        }
    }

    /// <summary>A call to <paramref name="key"/> succeeded.</summary>
    public OutlierVerdict RecordSuccess(string key)
    {
        if (!_endpoints.TryGetValue(key, out var endpoint))
        {
            return OutlierVerdict.None;
        }

        if (endpoint.Ejected)
        {
            // A late answer to a request sent before the ejection proves nothing; a probe's answer or any answer
            // after the back-off does.
            if (!endpoint.ProbeInFlight && _time.GetUtcNow() < endpoint.EjectedUntil)
            {
                return OutlierVerdict.None;
            }

            endpoint.Ejected = false;
            endpoint.ProbeInFlight = false;
            endpoint.InRotationSince = _time.GetUtcNow();
            endpoint.ResetCounters();
            _ejected--;
            return new OutlierVerdict(OutlierTransition.Recovered);
        }

        endpoint.ConsecutiveFailures = 0;
        endpoint.Add(failed: false);
        return OutlierVerdict.None;
    }

    /// <summary>A call to <paramref name="key"/> failed for a reason that is the replica's or its silo's, not the caller's.</summary>
    public OutlierVerdict RecordFailure(string key)
    {
        if (!_endpoints.TryGetValue(key, out var endpoint))
        {
            return OutlierVerdict.None;
        }

        if (endpoint.Ejected)
        {
            if (!endpoint.ProbeInFlight)
            {
                return OutlierVerdict.None;
            }

            endpoint.ProbeInFlight = false;
            endpoint.EjectedUntil = _time.GetUtcNow() + NextBackOff(endpoint);
            return new OutlierVerdict(OutlierTransition.Reejected, "its probe failed", endpoint.EjectedUntil);
        }

        endpoint.ConsecutiveFailures++;
        endpoint.Add(failed: true);
        string? reason = null;
        if (_options.ConsecutiveFailures > 0 && endpoint.ConsecutiveFailures >= _options.ConsecutiveFailures)
        {
            reason = $"{endpoint.ConsecutiveFailures} consecutive failures";
        }
        else if (endpoint.WindowCount >= _options.FailureRateWindow
            && endpoint.WindowFailures >= _options.FailureRateThreshold * endpoint.WindowCount)
        {
            reason = $"{endpoint.WindowFailures} of the last {endpoint.WindowCount} requests failed";
        }

        if (reason is null)
        {
            return OutlierVerdict.None;
        }

        if (_ejected + 1 > (int)Math.Floor(_endpoints.Count * _options.MaxEjectedShare))
        {
            // Stays in rotation with its counters intact: it goes as soon as another replica comes back.
            return OutlierVerdict.None;
        }

        endpoint.Ejected = true;
        endpoint.ProbeInFlight = false;
        endpoint.EjectedUntil = _time.GetUtcNow() + NextBackOff(endpoint);
        endpoint.ResetCounters();
        _ejected++;
        return new OutlierVerdict(OutlierTransition.Ejected, reason, endpoint.EjectedUntil);
    }

    private TimeSpan NextBackOff(Endpoint endpoint)
    {
        // Every base period spent in rotation since the last recovery forgives one doubling, as Envoy does: a replica
        // that fails once a day is not punished like one that flaps every minute.
        if (endpoint.InRotationSince is { } since && endpoint.Repeats > 0)
        {
            var forgiven = (int)Math.Min(endpoint.Repeats, (_time.GetUtcNow() - since) / _options.BaseEjectionTime);
            endpoint.Repeats -= forgiven;
        }

        endpoint.InRotationSince = null;
        var backOff = _options.BaseEjectionTime * Math.Pow(2, Math.Min(endpoint.Repeats, 30));
        endpoint.Repeats++;
        return backOff < _options.MaxEjectionTime ? backOff : _options.MaxEjectionTime;
    }

    private sealed class Endpoint(int window)
    {
        private readonly bool[] _outcomes = new bool[window];
        private int _next;

        public bool Ejected { get; set; }

        public bool ProbeInFlight { get; set; }

        public DateTimeOffset EjectedUntil { get; set; }

        public DateTimeOffset? InRotationSince { get; set; }

        /// <summary>Ejections not yet forgiven: the exponent of the next back-off.</summary>
        public int Repeats { get; set; }

        public int ConsecutiveFailures { get; set; }

        public int WindowCount { get; private set; }

        public int WindowFailures { get; private set; }

        public void Add(bool failed)
        {
            if (WindowCount == _outcomes.Length)
            {
                WindowFailures -= _outcomes[_next] ? 1 : 0;
            }
            else
            {
                WindowCount++;
            }

            _outcomes[_next] = failed;
            WindowFailures += failed ? 1 : 0;
            _next = (_next + 1) % _outcomes.Length;
        }

        public void ResetCounters()
        {
            ConsecutiveFailures = 0;
            WindowCount = 0;
            WindowFailures = 0;
            _next = 0;
        }
    }
}
