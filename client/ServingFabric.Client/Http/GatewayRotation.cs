namespace ServingFabric.Client;

/// <summary>
/// The order in which one call tries the gateways. Calls start at successive gateways so load spreads over all of
/// them; a gateway that just failed goes to the back of the order for a cooldown, so a dead gateway costs one failed
/// attempt per cooldown rather than one per call, and comes back by itself once it answers again.
/// </summary>
internal sealed class GatewayRotation
{
    private readonly Uri[] _gateways;
    private readonly long[] _failedUntilTicks;
    private readonly TimeSpan _cooldown;
    private readonly TimeProvider _timeProvider;
    private int _next = -1;

    public GatewayRotation(IReadOnlyList<Uri> gateways, TimeSpan cooldown, TimeProvider timeProvider)
    {
        if (gateways.Count == 0)
        {
            throw new ArgumentException("At least one gateway address is needed.", nameof(gateways));
        }

        _gateways = [.. gateways];
        _failedUntilTicks = new long[_gateways.Length];
        _cooldown = cooldown;
        _timeProvider = timeProvider;
    }

    public IReadOnlyList<Uri> Gateways => _gateways;

    /// <summary>Every gateway once: healthy ones first, starting after the previous call's first choice.</summary>
    public IReadOnlyList<Uri> NextOrder()
    {
        if (_gateways.Length == 1)
        {
            return _gateways;
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_gateways.Length);
        var now = _timeProvider.GetUtcNow().UtcTicks;
        var order = new List<Uri>(_gateways.Length);
        var cooling = new List<Uri>();
        for (var i = 0; i < _gateways.Length; i++)
        {
            var index = (start + i) % _gateways.Length;
            (Volatile.Read(ref _failedUntilTicks[index]) > now ? cooling : order).Add(_gateways[index]);
        }

        order.AddRange(cooling);
        return order;
    }

    public void MarkFailed(Uri gateway)
    {
        var index = Array.IndexOf(_gateways, gateway);
        if (index >= 0 && _cooldown > TimeSpan.Zero)
        {
            Volatile.Write(ref _failedUntilTicks[index], (_timeProvider.GetUtcNow() + _cooldown).UtcTicks);
        }
    }
}
