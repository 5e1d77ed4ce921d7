using System.Globalization;

namespace ServingFabric.Compliance.Evidence;

/// <summary>
/// Samples of a Prometheus text exposition (<c>/metrics</c>). Lines that are not samples are skipped, and so are
/// malformed ones: the text comes from the audited system and is not trusted to be well formed.
/// </summary>
public sealed class MetricsSnapshot
{
    private readonly List<MetricSample> _samples;

    private MetricsSnapshot(List<MetricSample> samples) => _samples = samples;

    public IReadOnlyList<MetricSample> Samples => _samples;

    public static MetricsSnapshot Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || TryParseLine(line) is not { } sample)
            {
                continue;
            }

            samples.Add(sample);
        }

        return new MetricsSnapshot(samples);
    }

    /// <summary>Whether any sample's name starts with <paramref name="prefix"/>.</summary>
    public bool Has(string prefix) => _samples.Any(s => s.Name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The samples named exactly <paramref name="name"/>.</summary>
    public IEnumerable<MetricSample> Named(string name) => _samples.Where(s => s.Name == name);

    /// <summary>The sum of the samples named <paramref name="name"/>.</summary>
    public double Sum(string name) => Named(name).Sum(s => s.Value);

    private static MetricSample? TryParseLine(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return null;
        }

        string name;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        string rest;
        if (brace >= 0 && brace < space)
        {
            var close = line.LastIndexOf('}');
            if (close < brace)
            {
                return null;
            }

            name = line[..brace];
            ParseLabels(line[(brace + 1)..close], labels);
            rest = line[(close + 1)..].Trim();
        }
        else
        {
            name = line[..space];
            rest = line[(space + 1)..].Trim();
        }

        var valueText = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return valueText is not null && double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? new MetricSample(name, labels, value)
            : null;
    }

    private static void ParseLabels(string text, Dictionary<string, string> labels)
    {
        var position = 0;
        while (position < text.Length)
        {
            var equals = text.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= text.Length || text[equals + 1] != '"')
            {
                return;
            }

            var key = text[position..equals].Trim().TrimStart(',').Trim();
            var value = new System.Text.StringBuilder();
            var i = equals + 2;
            for (; i < text.Length && text[i] != '"'; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                }

                value.Append(text[i]);
            }

            labels[key] = value.ToString();
            position = i + 1;
        }
    }
}

/// <summary>One sample: metric name, labels and value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
