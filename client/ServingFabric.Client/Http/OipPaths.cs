namespace ServingFabric.Client;

/// <summary>
/// Relative paths of the Open Inference Protocol endpoints. Relative (no leading '/') so a base address with a
/// path prefix, such as an ingress route <c>/serving/</c>, is kept.
/// </summary>
internal static class OipPaths
{
    public const string ServerLive = "v2/health/live";
    public const string ServerReady = "v2/health/ready";

    /// <summary><c>v2/models/{name}[/versions/{version}]</c>: model metadata, and the root of the other model paths.</summary>
    public static string Model(string model, string? version)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);

        // Names are escaped although the server only accepts URL-safe names: an invalid name must reach the server
        // as itself and be refused with the server's message, not change the path (for example "a/versions/2").
        var path = "v2/models/" + Uri.EscapeDataString(model);
        return string.IsNullOrEmpty(version) ? path : path + "/versions/" + Uri.EscapeDataString(version);
    }

    public static string Infer(string model, string? version) => Model(model, version) + "/infer";

    public static string ModelReady(string model, string? version) => Model(model, version) + "/ready";
}
