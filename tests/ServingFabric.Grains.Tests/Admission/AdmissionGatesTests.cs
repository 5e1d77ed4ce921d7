using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Admission;
using ServingFabric.Inference;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Scaling;

namespace ServingFabric.Grains.Tests.Admission;

public sealed class AdmissionGatesTests : IDisposable
{
    private static readonly AdmissionLimits OneSlotOneWaiter = new(1, 1, TimeSpan.FromSeconds(1));
    private readonly FakeTimeProvider _time = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void For_SameVersionTwice_ReturnsOneGateWithTheNewestLimits()
    {
        var gates = new AdmissionGates(_time);

        var first = gates.For("m", "1", OneSlotOneWaiter);
        var second = gates.For("m", "1", new AdmissionLimits(4, 8, TimeSpan.FromSeconds(3)));

        Assert.Same(first, second);
        Assert.Same(first, gates.Find("m", "1"));
        Assert.Null(gates.Find("m", "9"));
        Assert.Equal(new AdmissionLimits(4, 8, TimeSpan.FromSeconds(3)), second.Limits);
        Assert.NotSame(first, gates.For("m", "2", OneSlotOneWaiter));
    }

    [Fact]
    public async Task Retain_DropsIdleGatesOfUnroutedVersionsAndKeepsBusyOnes()
    {
        var gates = new AdmissionGates(_time);
        var idle = gates.For("m", "1", OneSlotOneWaiter);
        var busy = gates.For("m", "2", OneSlotOneWaiter);
        var other = gates.For("other", "1", OneSlotOneWaiter);
        using var ticket = await busy.EnterAsync(_time.GetUtcNow().AddMinutes(1), CancellationToken.None);

        gates.Retain("m", ["3"]);

        Assert.Equal([("m", "2"), ("other", "1")], gates.Describe().Select(d => (d.Model, d.Version)).Order());
        Assert.NotSame(idle, gates.For("m", "1", OneSlotOneWaiter));
        Assert.Same(other, gates.For("other", "1", OneSlotOneWaiter));
    }

    [Fact]
    public async Task Decisions_AreCountedAndGaugedByModelVersionAndReason()
    {
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        var metrics = new ServingFabricMetrics(meterFactory);
        var gates = new AdmissionGates(_time, metrics);
        var recorded = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter: silos of other tests' clusters have meters of the same name.
            if (instrument.Meter.Scope == meterFactory && instrument.Name.StartsWith("servingfabric.admission.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => recorded.Add((i.Name, v, Describe(tags))));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => recorded.Add((i.Name, v, Describe(tags))));
        listener.Start();
        var gate = gates.For("m", "1", OneSlotOneWaiter);
        var deadline = _time.GetUtcNow().AddMinutes(1);

        var holder = await gate.EnterAsync(deadline, CancellationToken.None);
        var waiter = gate.EnterAsync(deadline, CancellationToken.None).AsTask();
        Refused(gate, deadline);
        listener.RecordObservableInstruments();
        holder.Dispose();
        (await waiter).Dispose();

        Assert.Equal(
        [
            ("servingfabric.admission.admitted", 1, "model=m,version=1,waited=false"),
            ("servingfabric.admission.queued", 1, "model=m,version=1"),
            ("servingfabric.admission.refused", 1, "model=m,version=1,reason=queue_full"),
            ("servingfabric.admission.waiting", 1, "model=m,version=1"),
            ("servingfabric.admission.in_service", 1, "model=m,version=1"),
            ("servingfabric.admission.admitted", 1, "model=m,version=1,waited=true"),
        ], recorded);
    }

    private static string Describe(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        return string.Join(',', parts);
    }

    // The refusal is thrown synchronously, before any await: a full queue costs the caller no waiting at all.
    private static InferenceException Refused(AdmissionGate gate, DateTimeOffset deadline) =>
        Assert.Throws<InferenceException>(() => { _ = gate.EnterAsync(deadline, CancellationToken.None).AsTask(); });

    [Fact]
    public void For_LimitsFromAnOlderRevision_DoNotResizeTheGate()
    {
        var gates = new AdmissionGates(_time);
        var newer = new AdmissionLimits(1, 1, TimeSpan.FromSeconds(1));

        gates.For("m", "1", newer, revision: 5);
        var gate = gates.For("m", "1", new AdmissionLimits(4, 8, TimeSpan.FromSeconds(3)), revision: 4);

        Assert.Equal(newer, gate.Limits);
    }
}
