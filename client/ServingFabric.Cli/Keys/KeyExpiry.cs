using System.Globalization;
using System.Text.RegularExpressions;

namespace ServingFabric.Cli;

/// <summary>--expires: a lifetime from now (<c>90d</c>, <c>12h</c>) or a moment (<c>2027-03-01</c>, midnight UTC, or an ISO 8601 time with offset).</summary>
internal sealed partial record KeyExpiry(TimeSpan? Lifetime, DateTimeOffset? At)
{
    /// <summary>The longest lifetime accepted: ten years (a key that should never expire takes no --expires).</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    public static KeyExpiry Parse(string text)
    {
        if (LifetimePattern().Match(text) is { Success: true } match)
        {
            var count = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var lifetime = match.Groups[2].Value == "d" ? TimeSpan.FromDays(count) : TimeSpan.FromHours(count);
            return count > 0 && lifetime <= Longest
                ? new KeyExpiry(lifetime, null)
                : throw new CliUsageException($"--expires '{text}' must be 1 hour to 3650 days, as in --expires 90d");
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new KeyExpiry(null, new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }

        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? new KeyExpiry(null, at.ToUniversalTime())
            : throw new CliUsageException($"--expires '{text}' is neither a lifetime nor a date; give one such as --expires 90d, --expires 12h or --expires 2027-03-01");
    }

    /// <summary>The moment the key expires, for a key made at <paramref name="now"/>; refused when it is not in the future.</summary>
    public DateTimeOffset From(DateTimeOffset now)
    {
        var at = Lifetime is { } lifetime ? now + lifetime : At!.Value;
        return at > now
            ? at
            : throw new CliUsageException($"--expires {at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} (utc) is not in the future; give a later date or a lifetime such as --expires 90d");
    }

    [GeneratedRegex("^([0-9]{1,6})([dh])$", RegexOptions.CultureInvariant)]
    private static partial Regex LifetimePattern();
}
