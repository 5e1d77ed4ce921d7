namespace ServingFabric.Runtime.Repository;

/// <summary>
/// Orders version names as Triton does: numeric versions first by value (so 10 comes after 9), then the others
/// ordinally. Digit strings are compared without parsing, so versions longer than a long still sort.
/// </summary>
public sealed class VersionOrder : IComparer<string>
{
    public static VersionOrder Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var xNumeric = IsNumeric(x);
        var yNumeric = IsNumeric(y);
        if (xNumeric != yNumeric)
        {
            return xNumeric ? -1 : 1;
        }

        if (xNumeric)
        {
            var xDigits = x.AsSpan().TrimStart('0');
            var yDigits = y.AsSpan().TrimStart('0');
            var byValue = xDigits.Length != yDigits.Length
                ? xDigits.Length.CompareTo(yDigits.Length)
                : xDigits.SequenceCompareTo(yDigits);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        // "01" and "1" are the same number but different folders: keep a total order.
        return string.CompareOrdinal(x, y);
    }

    private static bool IsNumeric(string name) => name.Length > 0 && name.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
}
