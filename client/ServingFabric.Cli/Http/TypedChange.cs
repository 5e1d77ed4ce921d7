using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ServingFabric.Client;
using ServingFabric.Contracts;

namespace ServingFabric.Cli;

/// <summary>Makes a <see cref="ChangeCommand"/> as the typed call of its operation, the body read into the contracts' request record.</summary>
internal static class TypedChange
{
    private static readonly ManagementJsonContext Json = ManagementJsonContext.Default;

    public static async Task<JsonDocument> SendAsync(IFabricManagementClient client, ChangeCommand change, CancellationToken cancellationToken)
    {
        var (model, version, reason) = (change.Model, change.Version ?? "", Reason(change));
        return change.Operation switch
        {
            ChangeOperation.UpdateModel => Answer(await client.UpdateModelAsync(model, Body(change, Json.UpdateModelRequest), cancellationToken), Json.ModelResponse),
            ChangeOperation.RegisterVersion => Answer(await client.RegisterVersionAsync(model, Body(change, Json.RegisterVersionRequest), cancellationToken), Json.VersionResponse),
            ChangeOperation.SetDefaultVersion => Answer(await client.SetDefaultVersionAsync(model, version, reason, cancellationToken), Json.VersionListResponse),
            ChangeOperation.RetireVersion => Answer(await client.RetireVersionAsync(model, version, reason, cancellationToken), Json.VersionListResponse),
            ChangeOperation.Rollback => Rollback(await client.RollbackAsync(model, reason, cancellationToken)),
            ChangeOperation.SetFault => Answer(await client.SetFaultAsync(model, version, Body(change, Json.FaultInjectionRequest), cancellationToken), Json.ModelResponse),
            ChangeOperation.ClearFault => Answer(await client.ClearFaultAsync(model, version, reason ?? "", cancellationToken), Json.ModelResponse),
            ChangeOperation.StartCanary => Answer(await client.StartCanaryAsync(model, Body(change, Json.CanaryRequest), cancellationToken), Json.ExperimentResponse),
            ChangeOperation.StartAbTest => Answer(await client.StartAbTestAsync(model, Body(change, Json.AbTestRequest), cancellationToken), Json.ExperimentResponse),
            ChangeOperation.Promote => Answer(await client.PromoteAsync(model, reason, cancellationToken), Json.ExperimentResponse),
            ChangeOperation.Abort => Answer(await client.AbortAsync(model, reason, cancellationToken), Json.ExperimentResponse),
            ChangeOperation.Pause => Answer(await client.PauseAsync(model, reason, cancellationToken), Json.ExperimentResponse),
            ChangeOperation.Resume => Answer(await client.ResumeAsync(model, reason, cancellationToken), Json.ExperimentResponse),
            ChangeOperation.UpdateScaling => Answer(await client.UpdateScalingAsync(model, Body(change, Json.UpdateScalingRequest), cancellationToken), Json.ScalingResponse),
            _ => throw new InvalidOperationException($"no typed call for {change.Operation}"),
        };
    }

    private static JsonDocument Rollback(RollbackResult result) => result.DefaultRollback is { } restored
        ? Answer(restored, Json.DefaultRollbackResponse)
        : Answer(result.AbortedRelease!, Json.ExperimentResponse);

    private static JsonDocument Answer<T>(T answer, JsonTypeInfo<T> type) => TypedManagementApi.Answer(answer, type);

    // The options were checked when parsed; the contract reads the same snake_case fields the body was built with.
    private static T Body<T>(ChangeCommand change, JsonTypeInfo<T> type) =>
        (change.Body ?? []).Deserialize(type) ?? throw new InvalidOperationException($"'fabric' built no body for {change.Operation}");

    private static string? Reason(ChangeCommand change) => change.Body?["reason"]?.GetValue<string>();
}
