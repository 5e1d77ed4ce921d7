namespace ServingFabric.Models;

/// <summary>What a model name or version may be: they appear in URLs, grain keys and folder names.</summary>
public static class ModelNames
{
    public const int MaxLength = 128;

    /// <summary>Letters, digits, '_', '-' and '.', not starting with '.', at most 128 characters.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] == '.')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
