namespace ServingFabric.Gateway.Operator;

/// <summary>The statuses of <see cref="Releases.ExperimentView"/> under which a release is still in progress.</summary>
internal static class ReleaseStatuses
{
    private static readonly string[] Active = ["Running", "Paused", "Frozen"];

    /// <summary>Running, paused or frozen: traffic is still split and operators can promote, abort, pause or resume.</summary>
    public static bool IsActive(string status) => Active.Contains(status, StringComparer.OrdinalIgnoreCase);
}
