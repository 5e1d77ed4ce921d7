namespace ServingFabric.Deploy.Tests;

/// <summary>
/// The production overlay's parameters (<c>overlays/production/parameters.env</c>): the zone names and the model volume's
/// storage class, read here the way kustomize's configMapGenerator reads them, so tests follow the file rather than
/// repeat its values.
/// </summary>
internal sealed class ProductionParameters
{
    public const string RelativePath = "overlays/production/parameters/parameters.env";

    private readonly Dictionary<string, string> _values;

    private ProductionParameters(Dictionary<string, string> values) => _values = values;

    public static ProductionParameters Committed { get; } = Read(RepositoryPaths.Full(RelativePath));

    /// <summary>zone-1, zone-2, ... in order: the zone each zone slot's Deployment is pinned to.</summary>
    public IReadOnlyList<string> Zones =>
        [.. Enumerable.Range(1, int.MaxValue).Select(n => $"zone-{n}").TakeWhile(_values.ContainsKey).Select(k => _values[k])];

    public string ModelsStorageClass => _values["models-storage-class"];

    public static ProductionParameters Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidOperationException($"{path}: '{line}' is not key=value");
            }

            values.Add(line[..equals], line[(equals + 1)..]);
        }

        return new ProductionParameters(values);
    }

    /// <summary>The file's text with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public static string With(string text, string key, string value) =>
        string.Join('\n', text.Split('\n').Select(l => l.StartsWith(key + "=", StringComparison.Ordinal) ? $"{key}={value}" : l));
}
