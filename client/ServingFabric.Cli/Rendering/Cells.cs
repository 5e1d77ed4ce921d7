using System.Globalization;
using System.Text.Json;

namespace ServingFabric.Cli.Rendering;

/// <summary>Formats JSON values as table cells; "-" stands for absent or null.</summary>
internal static class Cells
{
    public const string None = "-";

    public static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    public static string Integer(JsonElement element, string name) =>
        Number(element, name) is { } n ? n.ToString("0", CultureInfo.InvariantCulture) : None;

    /// <summary>A share in percent: "25 %".</summary>
    public static string Percent(double? percent) =>
        percent is { } p ? p.ToString("0.##", CultureInfo.InvariantCulture) + " %" : None;

    /// <summary>A rate (0..1) as a percentage with two decimals: "0.20 %".</summary>
    public static string Rate(double? rate) =>
        rate is { } r ? (r * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : None;

    public static string Milliseconds(double? milliseconds) =>
        milliseconds is { } ms ? ms.ToString("0.##", CultureInfo.InvariantCulture) + " ms" : None;

    /// <summary>A number with four significant digits (estimates, rewards).</summary>
    public static string Decimal(double? value) =>
        value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : None;

    public static string PValue(double? p) =>
        p is not { } value ? None
        : value < 0.0001 ? "<0.0001"
        : value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>An always-valid interval; an unbounded side is -inf or +inf.</summary>
    public static string Interval(double? lower, double? upper) =>
        lower is null && upper is null ? None : $"[{(lower is { } l ? Decimal(l) : "-inf")}, {(upper is { } u ? Decimal(u) : "+inf")}]";

    public static string Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time)
            ? time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : None;

    /// <summary>A duration as h:mm:ss or m:ss.</summary>
    public static string Duration(TimeSpan duration) =>
        duration < TimeSpan.Zero ? "0:00"
        : duration.TotalHours >= 1 ? $"{(int)duration.TotalHours}:{duration.Minutes:00}:{duration.Seconds:00}"
        : $"{duration.Minutes}:{duration.Seconds:00}";
}
