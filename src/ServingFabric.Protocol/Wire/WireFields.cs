using System.Text.Json;

namespace ServingFabric.Protocol;

/// <summary>
/// The members of a JSON object as the codecs look them up: either a parsed element, or the small members of a tensor
/// entry collected while its "data" was skipped (see <see cref="WireDocument"/>). As with
/// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>, the last of repeated names wins.
/// </summary>
internal readonly struct WireFields
{
    private readonly JsonElement _element;
    private readonly Dictionary<string, JsonElement>? _members;

    public WireFields(Dictionary<string, JsonElement> members) => _members = members;

    private WireFields(JsonElement element) => _element = element;

    public bool TryGetProperty(string name, out JsonElement value)
    {
        if (_members is not null)
        {
            return _members.TryGetValue(name, out value);
        }

        if (_element.ValueKind == JsonValueKind.Object)
        {
            return _element.TryGetProperty(name, out value);
        }

        value = default;
        return false;
    }

    public static implicit operator WireFields(JsonElement element) => new(element);
}
