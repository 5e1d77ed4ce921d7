using System.Text;

namespace ServingFabric.Cli;

/// <summary>
/// Drops blanks before each line break. Spectre pads every cell to its column's width, the last column too; trailing
/// blanks would make output differ from what people and scripts expect.
/// </summary>
internal sealed class LineEndTrimmingWriter(TextWriter inner) : TextWriter
{
    private int _pendingSpaces;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        switch (value)
        {
            case ' ':
                _pendingSpaces++;
                return;
            case '\n':
                _pendingSpaces = 0;
                break;
            default:
                Flush(spaces: true);
                break;
        }

        inner.Write(value);
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
        {
            Write(c);
        }
    }

    public override void Flush()
    {
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        // The inner writer belongs to the caller.
        Flush(spaces: true);
        base.Dispose(disposing);
    }

    private void Flush(bool spaces)
    {
        if (spaces && _pendingSpaces > 0)
        {
            inner.Write(new string(' ', _pendingSpaces));
            _pendingSpaces = 0;
        }
    }
}
