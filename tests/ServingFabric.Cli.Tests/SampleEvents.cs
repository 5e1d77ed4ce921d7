using ServingFabric.Contracts;
using ServingFabric.Gateway.Operator;
using ServingFabric.Models;

namespace ServingFabric.Cli.Tests;

/// <summary>Event logs as <c>GET /v1/events</c> writes them (the gateway's own JSON writer).</summary>
internal static class SampleEvents
{
    public static ModelEvent Event(long sequence, string message) =>
        new(sequence, SampleRelease.Started.AddSeconds(sequence), ModelEventKind.ReplicaReplaced, $"iris/1/{sequence}", "S1", "a", message);

    public static string Json(params (string Model, ModelEvent[] Events)[] models) =>
        System.Text.Encoding.UTF8.GetString(ManagementAnswers.Serialize(
            ManagementAnswers.Events([.. models.Select(m => (m.Model, (IReadOnlyList<ModelEvent>)m.Events))]), ManagementJsonContext.Default.EventsResponse));
}
