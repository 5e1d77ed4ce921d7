using ServingFabric.Runtime.Repository;

namespace ServingFabric.Grains.Releases;

/// <summary>Version names the registry accepts, ordered as the repository orders them (Triton's rule).</summary>
internal static class VersionOrdering
{
    /// <summary>Numeric versions by value (10 after 9), then the others ordinally: the repository's order.</summary>
    public static IComparer<string> Instance => VersionOrder.Instance;

    /// <summary>Whether a name is a version the registry accepts: 1 to 18 digits.</summary>
    public static bool IsValidName(string? name) => name is { Length: > 0 and <= 18 } && name.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
}
