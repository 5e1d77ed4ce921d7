using System.Diagnostics.CodeAnalysis;

namespace ServingFabric.Tensors;

/// <summary>Wire names and element sizes of <see cref="TensorDataType"/>.</summary>
public static class TensorDataTypes
{
    private static readonly string[] WireNames =
        ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "BF16", "FP32", "FP64", "BYTES"];

    private static readonly int[] ElementSizes = [1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 2, 4, 8, 0];

    /// <summary>The name on the wire, for example <c>FP32</c>.</summary>
    public static string ToWireName(this TensorDataType dataType) => WireNames[(int)dataType];

    /// <summary>Bytes per element; 0 for <see cref="TensorDataType.Bytes"/>, whose elements vary in length.</summary>
    public static int ElementSize(this TensorDataType dataType) => ElementSizes[(int)dataType];

    /// <summary>Parses a wire name (case-sensitive, as the protocol defines them).</summary>
    public static bool TryParse(string? wireName, [NotNullWhen(true)] out TensorDataType? dataType)
    {
        var index = wireName is null ? -1 : Array.IndexOf(WireNames, wireName);
        dataType = index < 0 ? null : (TensorDataType)index;
        return index >= 0;
    }

    /// <summary>Every wire name, for error messages that list what is accepted.</summary>
    public static IReadOnlyList<string> AllWireNames => WireNames;
}
