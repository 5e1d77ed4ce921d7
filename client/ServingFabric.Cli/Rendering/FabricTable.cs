using Spectre.Console;
using Spectre.Console.Rendering;

namespace ServingFabric.Cli.Rendering;

/// <summary>
/// fabric's tables: Spectre tables without borders, columns two spaces apart, headers in bold capitals, so a
/// redirected table reads like `kubectl get` output and a terminal one gets colour.
/// </summary>
internal static class FabricTable
{
    public static Table Create(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<IRenderable>> rows)
    {
        var table = new Table { Border = TableBorder.None, ShowHeaders = true };
        for (var c = 0; c < headers.Count; c++)
        {
            var column = new TableColumn(new Text(headers[c].ToUpperInvariant(), new Style(decoration: Decoration.Bold)))
            {
                Padding = new Padding(0, 0, c == headers.Count - 1 ? 0 : 2, 0),
            };
            table.AddColumn(column);
        }

        foreach (var row in rows)
        {
            table.AddRow(row);
        }

        return table;
    }

    /// <summary>A table of plain text cells.</summary>
    public static Table Create(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows) =>
        Create(headers, rows.Select(r => (IReadOnlyList<IRenderable>)[.. r.Select(Cell)]));

    /// <summary>A cell: the text as given (never read as markup, since names and messages come from the gateway).</summary>
    public static IRenderable Cell(string text) => new Text(text);

    public static IRenderable Cell(string text, Style style) => new Text(text, style);
}
