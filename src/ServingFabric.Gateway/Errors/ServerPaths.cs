using System.Text.RegularExpressions;

namespace ServingFabric.Gateway.Errors;

/// <summary>
/// Takes server file-system paths out of the messages of server-side failures (5xx) before a caller sees them: a
/// replica that failed to load reports, say, "could not be loaded from /models/iris/1/model.onnx: ONNX Runtime
/// rejected it (Load model from /models/iris/1/model.onnx failed ...)", which would tell any caller of the readiness
/// or inference routes where the model repository lives. Each path becomes <c>&lt;server path&gt;/&lt;file name&gt;</c>,
/// which still tells an operator which file to look at; the full message stays in the silo's log. Caller-fixable
/// (4xx) messages are left alone: the paths in those are the ones the caller sent.
/// </summary>
internal static partial class ServerPaths
{
    public const string Placeholder = "<server path>";

    /// <summary><paramref name="message"/> with every absolute path of two or more segments shortened to its last.</summary>
    public static string Redact(string message) =>
        message.Contains('/', StringComparison.Ordinal) ? AbsolutePath().Replace(message, m => $"{Placeholder}/{m.Groups["last"].Value}") : message;

    // A '/' not preceded by a word character, ':', '/' or '.' (so not a URL's "//host/..." or a relative "a/b"), or
    // the path of a file URL ("file:///srv/..."), then at least one folder and a last segment; segments stop at
    // whitespace, quotes, brackets and separators.
    [GeneratedRegex("""(?:(?<=file://)|(?<![\w:/.<>]))/(?:[^\s/'"()\[\],;]+/)+(?<last>[^\s/'"()\[\],;:]*)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AbsolutePath();
}
