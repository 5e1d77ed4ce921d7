namespace ServingFabric.Models;

/// <summary>Formats and parses replica grain keys, <c>model/version/index</c>.</summary>
public static class ReplicaKey
{
    public static string Format(string model, string version, int index) => $"{model}/{version}/{index}";

    /// <summary>Splits a key; names may not contain '/', which <see cref="ModelNames"/> enforces.</summary>
    public static (string Model, string Version, int Index) Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || !int.TryParse(parts[2], out var index) || index < 0)
        {
            throw new FormatException($"Replica key '{key}' is not 'model/version/index'.");
        }

        return (parts[0], parts[1], index);
    }
}
