namespace ServingFabric.Grains.Admission;

/// <summary>
/// A slot in an <see cref="AdmissionGate"/>. Disposing it frees the slot exactly once, however often and from
/// whichever path (answer, error, cancellation) it is disposed.
/// </summary>
internal sealed class AdmissionTicket : IDisposable
{
    private readonly AdmissionGate _gate;
    private readonly long _admittedAt;
    private int _released;

    internal AdmissionTicket(AdmissionGate gate, long admittedAt)
    {
        _gate = gate;
        _admittedAt = admittedAt;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _gate.Release(_admittedAt);
        }
    }
}
