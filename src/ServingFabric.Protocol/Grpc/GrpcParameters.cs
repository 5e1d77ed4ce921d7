using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.Collections;

namespace ServingFabric.Protocol.Grpc;

/// <summary>
/// gRPC <see cref="InferParameter"/> maps to and from the fabric's parameters, whose values are raw JSON text (as the
/// HTTP codec keeps them), with the same bounds as JSON "parameters".
/// </summary>
internal static class GrpcParameters
{
    public static Dictionary<string, string>? Read(MapField<string, InferParameter> parameters, string owner)
    {
        if (parameters.Count == 0)
        {
            return null;
        }

        if (parameters.Count > WireLimits.MaxParameters)
        {
            throw ProtocolErrors.Invalid($"{owner}: parameters has {parameters.Count} entries; send at most {WireLimits.MaxParameters}.");
        }

        var result = new Dictionary<string, string>(parameters.Count, StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            WireLimits.CheckName(name, $"{owner}: parameters");
            var json = ToJson(value, $"{owner}: parameters[\"{WireLimits.Shorten(name)}\"]");
            if (Encoding.UTF8.GetByteCount(json) > WireLimits.MaxParameterValueBytes)
            {
                throw ProtocolErrors.Invalid(
                    $"{owner}: parameters[\"{WireLimits.Shorten(name)}\"] is longer than {WireLimits.MaxParameterValueBytes} bytes; parameters carry settings, tensors carry data.");
            }

            result[name] = json;
        }

        return result;
    }

    public static void Write(MapField<string, InferParameter> target, IReadOnlyDictionary<string, string>? parameters)
    {
        if (parameters is null)
        {
            return;
        }

        foreach (var (name, json) in parameters)
        {
            target[name] = FromJson(json);
        }
    }

    private static string ToJson(InferParameter value, string label) => value.ParameterChoiceCase switch
    {
        InferParameter.ParameterChoiceOneofCase.BoolParam => value.BoolParam ? "true" : "false",
        InferParameter.ParameterChoiceOneofCase.Int64Param => value.Int64Param.ToString(CultureInfo.InvariantCulture),
        InferParameter.ParameterChoiceOneofCase.Uint64Param => value.Uint64Param.ToString(CultureInfo.InvariantCulture),
        InferParameter.ParameterChoiceOneofCase.DoubleParam when double.IsFinite(value.DoubleParam) =>
            value.DoubleParam.ToString("R", CultureInfo.InvariantCulture),
        InferParameter.ParameterChoiceOneofCase.DoubleParam =>
            throw ProtocolErrors.Invalid($"{label} is {value.DoubleParam}; a double_param must be a finite number."),
        InferParameter.ParameterChoiceOneofCase.StringParam =>
            "\"" + JsonEncodedText.Encode(value.StringParam, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() + "\"",
        _ => throw ProtocolErrors.Invalid($"{label} has no value; set one of bool_param, int64_param, uint64_param, double_param or string_param."),
    };

    // JSON values that are neither booleans, numbers nor strings (objects, arrays, null) travel as their JSON text.
    private static InferParameter FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.True => new InferParameter { BoolParam = true },
            JsonValueKind.False => new InferParameter { BoolParam = false },
            JsonValueKind.String => new InferParameter { StringParam = root.GetString() },
            JsonValueKind.Number when root.TryGetInt64(out var signed) => new InferParameter { Int64Param = signed },
            JsonValueKind.Number when root.TryGetUInt64(out var unsigned) => new InferParameter { Uint64Param = unsigned },
            JsonValueKind.Number => new InferParameter { DoubleParam = root.GetDouble() },
            _ => new InferParameter { StringParam = root.GetRawText() },
        };
    }
}
