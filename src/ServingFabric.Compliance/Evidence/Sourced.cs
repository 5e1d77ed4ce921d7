using System.Diagnostics.CodeAnalysis;

namespace ServingFabric.Compliance.Evidence;

/// <summary>
/// A piece of evidence as read from its source, or why it could not be read. Checks never see a default value in place
/// of a missing source: they must say NOT_EVIDENCED with <see cref="Missing"/>.
/// </summary>
public sealed record Sourced<T>
    where T : class
{
    internal Sourced(T? value, string? missing, string source) => (Value, Missing, Source) = (value, missing, source);

    /// <summary>The evidence; null when it could not be read.</summary>
    public T? Value { get; }

    /// <summary>Why it could not be read (the source and the error); null when read.</summary>
    public string? Missing { get; }

    /// <summary>Where it comes from, such as <c>GET /v1/events</c>.</summary>
    public string Source { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Missing))]
    public bool IsAvailable => Value is not null;
}

/// <summary>Makes <see cref="Sourced{T}"/> values.</summary>
public static class Sourced
{
    public static Sourced<T> Read<T>(string source, T value)
        where T : class => new(value ?? throw new ArgumentNullException(nameof(value)), null, source);

    public static Sourced<T> Unavailable<T>(string source, string why)
        where T : class => new(null, $"{source}: {why}", source);
}
