using System.Text;

namespace ServingFabric.Cli.Rendering;

/// <summary>Lays rows out in columns padded to their widest cell, two spaces apart, headers in capitals.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        var text = new StringBuilder();
        AppendRow(text, headers.Select(h => h.ToUpperInvariant()).ToList(), widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var c = 0; c < cells.Count; c++)
        {
            line.Append(c == cells.Count - 1 ? cells[c] : cells[c].PadRight(widths[c] + 2));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
