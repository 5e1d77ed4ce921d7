using System.Text.Json.Serialization;

namespace ServingFabric.Compliance.Catalogue;

/// <summary>A check's verdict. Only evidence gathered in this run can make a PASS; a source that could not be read is never a PASS.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ComplianceStatus>))]
public enum ComplianceStatus
{
    /// <summary>The evidence shows the requirement is met.</summary>
    [JsonStringEnumMemberName("PASS")]
    Pass,

    /// <summary>The evidence shows the requirement is not met.</summary>
    [JsonStringEnumMemberName("FAIL")]
    Fail,

    /// <summary>The evidence needed was not available; the result says what would evidence it.</summary>
    [JsonStringEnumMemberName("NOT_EVIDENCED")]
    NotEvidenced,
}
