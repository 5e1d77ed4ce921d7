namespace ServingFabric.Deploy.Tests.Docker;

/// <summary>One instruction of a Dockerfile: its stage (the <c>AS</c> name, or the base before any), keyword and arguments.</summary>
internal sealed record DockerfileInstruction(string Stage, string Keyword, string Arguments);

/// <summary>
/// A Dockerfile read as BuildKit reads its instructions: comments dropped, backslash continuations joined, each
/// instruction assigned to the stage its last <c>FROM ... AS name</c> opened. Enough for structural checks of files that
/// cannot be built here (no registry reaches their base images).
/// </summary>
internal sealed class DockerfileInstructions
{
    private DockerfileInstructions(IReadOnlyList<DockerfileInstruction> all) => All = all;

    public IReadOnlyList<DockerfileInstruction> All { get; }

    public static DockerfileInstructions Read(string path) => Parse(File.ReadAllText(path));

    public static DockerfileInstructions Parse(string text)
    {
        var instructions = new List<DockerfileInstruction>();
        var stage = "";
        var pending = "";
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.TrimStart();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (pending.Length > 0 && line.StartsWith('#'))
            {
                continue;
            }

            pending += line.EndsWith('\\') ? line[..^1] : line;
            if (line.EndsWith('\\'))
            {
                continue;
            }

            var space = pending.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? pending : pending[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : string.Join(' ', pending[(space + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (keyword == "FROM")
            {
                var words = arguments.Split(' ');
                stage = words.Length >= 3 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[^1] : words[0];
            }

            instructions.Add(new DockerfileInstruction(stage, keyword, arguments));
            pending = "";
        }

        return new DockerfileInstructions(instructions);
    }

    /// <summary>The default of a global <c>ARG name=value</c> (one before the first FROM), or null.</summary>
    public string? GlobalArgument(string name) =>
        All.TakeWhile(i => i.Keyword != "FROM").Where(i => i.Keyword == "ARG" && i.Arguments.StartsWith(name + "=", StringComparison.Ordinal))
            .Select(i => i.Arguments[(name.Length + 1)..]).SingleOrDefault();

    /// <summary>The instructions of <paramref name="stage"/> after its FROM, in order.</summary>
    public IReadOnlyList<DockerfileInstruction> Stage(string stage) => [.. All.Where(i => i.Stage == stage && i.Keyword != "FROM")];

    /// <summary>The FROM line that opens <paramref name="stage"/>.</summary>
    public string From(string stage) => All.Single(i => i.Keyword == "FROM" && i.Stage == stage).Arguments;

    /// <summary>The arguments of the instructions with <paramref name="keyword"/> in <paramref name="stage"/>.</summary>
    public IReadOnlyList<string> Arguments(string stage, string keyword) => [.. Stage(stage).Where(i => i.Keyword == keyword).Select(i => i.Arguments)];

    /// <summary>Every key=value of the stage's ENV instructions (values unquoted).</summary>
    public IReadOnlyDictionary<string, string> Environment(string stage) => Pairs(Arguments(stage, "ENV"));

    /// <summary>Every key=value of the stage's LABEL instructions (values unquoted).</summary>
    public IReadOnlyDictionary<string, string> Labels(string stage) => Pairs(Arguments(stage, "LABEL"));

    // key=value and key="value with spaces", several to an instruction.
    private static Dictionary<string, string> Pairs(IEnumerable<string> instructions) =>
        instructions.SelectMany(a => System.Text.RegularExpressions.Regex.Matches(a, "(?<key>[^\\s=]+)=(\"(?<quoted>[^\"]*)\"|(?<plain>\\S*))"))
            .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Groups["plain"].Value, StringComparer.Ordinal);
}
