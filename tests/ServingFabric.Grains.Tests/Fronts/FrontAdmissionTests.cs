using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Admission;
using ServingFabric.Grains.Fronts;
using ServingFabric.Inference;
using ServingFabric.Scaling;
using static ServingFabric.Grains.Tests.Fronts.FrontTables;

namespace ServingFabric.Grains.Tests.Fronts;

public sealed class FrontAdmissionTests
{
    private static readonly AdmissionLimits OneAtATime = new(MaxConcurrency: 1, MaxQueueLength: 0, QueueTimeout: TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new();
    private readonly AdmissionGates _gates;

    public FrontAdmissionTests() => _gates = new AdmissionGates(_time);

    [Fact]
    public async Task AdmitAsync_TableWithoutLimits_NoTicketAndNoGate()
    {
        var admitted = new FrontAdmission(_gates).AdmitAsync(Table(), "1", _time.GetUtcNow().AddSeconds(1), default);

        Assert.True(admitted.IsCompletedSuccessfully);
        Assert.Null(await admitted);
        Assert.Null(_gates.Find("m", "1"));
    }

    [Fact]
    public async Task AdmitAsync_SlotTakenAndNoQueue_Refused429UntilTheTicketIsDisposed()
    {
        var admission = new FrontAdmission(_gates);
        var table = Table(admission: OneAtATime);
        var deadline = _time.GetUtcNow().AddSeconds(1);

        var first = await admission.AdmitAsync(table, "1", deadline, default);
        var error = await Assert.ThrowsAsync<InferenceException>(async () => await admission.AdmitAsync(table, "1", deadline, default));
        Assert.Equal(InferenceErrorKind.QueueFull, error.Kind);
        first!.Dispose();

        using var second = await admission.AdmitAsync(table, "1", deadline, default);
        Assert.Equal(1, _gates.Find("m", "1")!.InService);
    }

    [Fact]
    public async Task AdmitAsync_NewRevisionWithoutAVersion_ForgetsThatVersionsIdleGate()
    {
        var admission = new FrontAdmission(_gates);
        var deadline = _time.GetUtcNow().AddSeconds(1);
        (await admission.AdmitAsync(Table(admission: OneAtATime), "2", deadline, default))!.Dispose();
        var onlyVersionOne = Table(revision: 2, admission: OneAtATime) with { Versions = [Table().Versions[0]] };

        (await admission.AdmitAsync(onlyVersionOne, "1", deadline, default))!.Dispose();

        Assert.Null(_gates.Find("m", "2"));
        Assert.NotNull(_gates.Find("m", "1"));
    }
}
