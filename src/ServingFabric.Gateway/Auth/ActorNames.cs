using System.Text;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Turns the self-declared <c>x-fabric-actor</c> header into a name safe to put in events and logs: letters, digits
/// and <c>. _ - @</c> only, at most 64 characters. It names who acted for the audit trail; it grants nothing.
/// </summary>
internal static class ActorNames
{
    public const string Header = "x-fabric-actor";
    public const string Default = "admin";
    public const int MaxLength = 64;

    /// <summary>The sanitized header value, or <see cref="Default"/> when absent or nothing usable remains.</summary>
    public static string From(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Default;
        }

        var name = new StringBuilder(Math.Min(header.Length, MaxLength));
        foreach (var c in header)
        {
            if (name.Length == MaxLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@')
            {
                name.Append(c);
            }
        }

        return name.Length == 0 ? Default : name.ToString();
    }
}
