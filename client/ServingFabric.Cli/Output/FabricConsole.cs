using Spectre.Console;

namespace ServingFabric.Cli;

/// <summary>
/// Makes the Spectre console fabric writes through. On a terminal it takes Spectre's detection (colours, width,
/// cursor control); redirected output (pipes, files, tests) gets no colour, no control codes, no wrapping, and lines
/// without trailing blanks, so it is plain and stable for scripts and diffs.
/// </summary>
internal static class FabricConsole
{
    /// <summary>Wide enough that no table is wrapped when nobody's terminal width applies.</summary>
    public const int PlainWidth = 4096;

    public static IAnsiConsole Create(TextWriter output, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            // A terminal was detected already (output not redirected); Spectre's own guess would look at TERM only.
            Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(new LineEndTrimmingWriter(output)),
        });
        if (!interactive)
        {
            console.Profile.Width = PlainWidth;
        }

        return console;
    }

    /// <summary>What <paramref name="write"/> prints on a plain (redirected) console.</summary>
    public static string Plain(Action<IAnsiConsole> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var text = new StringWriter { NewLine = "\n" };
        write(Create(text, interactive: false));
        return text.ToString();
    }
}
