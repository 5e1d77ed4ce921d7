using System.Text.Json;

namespace ServingFabric.Protocol;

/// <summary>
/// One entry of "inputs" or "outputs" as <see cref="WireDocument"/> found it: an object's small members and the JSON
/// text of its "data" (null when absent or null), or a value that is not an object at all.
/// </summary>
internal sealed class WireTensorEntry
{
    public WireTensorEntry(WireFields members, ReadOnlyMemory<byte>? data)
    {
        Members = members;
        Data = data;
        IsObject = true;
    }

    public WireTensorEntry(JsonElement notAnObject)
    {
        NotAnObject = notAnObject;
    }

    public bool IsObject { get; }

    public WireFields Members { get; }

    /// <summary>The UTF-8 text of the "data" value, exactly as sent.</summary>
    public ReadOnlyMemory<byte>? Data { get; }

    /// <summary>The entry when it is not an object, for the message.</summary>
    public JsonElement NotAnObject { get; }
}
