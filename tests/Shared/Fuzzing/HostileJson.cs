using System.Text;
using CsCheck;

namespace ServingFabric.Tests.Shared.Fuzzing;

/// <summary>
/// Structure-aware generators of hostile JSON text for the Open Inference Protocol: well-formed requests and
/// responses mixed with wrong types, huge, negative and overflowing numbers and shapes, datatype mismatches, deep
/// nesting, lone surrogates, invalid UTF-8, path tricks in names, and byte-level damage (truncation, flipped bytes).
/// Text is built as UTF-8 bytes so that invalid sequences survive.
/// </summary>
internal static class HostileJson
{
    public static readonly string[] DataTypes = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "BF16", "FP32", "FP64", "BYTES"];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80],
    ];

    private static readonly string[] StringPieces =
    [
        "x", "input0", "", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\ud800\\u0041", "\\u0000", "../../etc/passwd", "..\\\\..\\\\win.ini",
        "%2e%2e%2f", "/abs/path", "é", "名前", "\\\"", "\\n", "NaN", "Infinity", "-Infinity", "true", "binary_data_size",
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "2", "3", "4", "1.5", "-0", "1e400", "-1e400", "1e-400", "255", "256", "-129", "65536", "2147483647", "2147483648",
        "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1000000000",
        "3.4028236e38", "65520", "0.1", "1E2",
    ];

    public static Gen<byte[]> String =>
        Gen.Frequency(
            (6, Gen.Int[0, StringPieces.Length - 1].Array[1, 3].Select(i => Utf8($"\"{string.Concat(i.Select(j => StringPieces[j]))}\""))),
            (2, Gen.Int[0, InvalidUtf8.Length - 1].Select(i => Concat(Utf8("\"a"), InvalidUtf8[i], Utf8("\"")))),
            (1, Gen.Int[200, 3000].Select(n => Utf8($"\"{new string('n', n)}\""))));

    public static Gen<byte[]> Number => Gen.Int[0, Numbers.Length - 1].Select(i => Utf8(Numbers[i]));

    public static Gen<byte[]> Scalar => Gen.Frequency(
        (6, Number),
        (2, String),
        (1, HostileJson.Pick(Utf8("true"), Utf8("false"), Utf8("null"))));

    /// <summary>Any value, nested at most <paramref name="depth"/> deep.</summary>
    public static Gen<byte[]> Value(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (2, Value(depth - 1).Array[0, 4].Select(Array)),
            (1, Gen.Select(String, Value(depth - 1)).Array[0, 3].Select(Object)));

    public static Gen<byte[]> DeepNesting => Gen.Int[30, 200].Select(n => Utf8(new string('[', n) + "1" + new string(']', n)));

    public static Gen<byte[]> DataType => Gen.Frequency(
        (8, Gen.Int[0, DataTypes.Length - 1].Select(i => Utf8($"\"{DataTypes[i]}\""))),
        (1, HostileJson.Pick(Utf8("\"fp32\""), Utf8("\"FP8\""), Utf8("\"\""), Utf8("32"), Utf8("null"))),
        (1, String));

    public static Gen<byte[]> Shape => Gen.Frequency(
        (6, Gen.Int[0, 4].Array[0, 3].Select(d => Utf8($"[{string.Join(',', d)}]"))),
        (2, Number.Array[0, 5].Select(Array)),
        (1, HostileJson.Pick(Utf8("[1000000000,1000000000]"), Utf8("[9223372036854775807,2]"), Utf8("[-1]"), Utf8("[]"), Utf8("\"2,2\""))),
        (1, Value(2)));

    /// <summary>"data" for a tensor: flat, nested, scalar, of numbers, strings or booleans, sometimes deeply nested.</summary>
    public static Gen<byte[]> Data => Gen.Frequency(
        (5, Number.Array[0, 12].Select(Array)),
        (2, Number.Array[0, 3].Select(Array).Array[0, 3].Select(Array)),
        (2, String.Array[0, 6].Select(Array)),
        (1, HostileJson.Pick(Utf8("true"), Utf8("false")).Array[0, 6].Select(Array)),
        (1, DeepNesting),
        (1, Value(3)));

    public static Gen<byte[]> Parameters => Gen.Frequency(
        (4, Gen.Select(HostileJson.Pick("binary_data_size", "binary_data_output", "binary_data", "priority", "x"), Gen.Frequency((3, Number), (1, Value(1)))).Array[0, 3]
            .Select(p => Object(p.Select(kv => (Utf8($"\"{kv.Item1}\""), kv.Item2)).ToArray()))),
        (1, Gen.Int[60, 80].Select(n => Object(Enumerable.Range(0, n).Select(i => (Utf8($"\"p{i}\""), Utf8("1"))).ToArray()))),
        (1, Gen.Int[4000, 6000].Select(n => Object((Utf8("\"big\""), Utf8($"\"{new string('v', n)}\""))))),
        (1, Value(1)));

    /// <summary>One tensor entry: a coherent one half the time, else random members (some missing, some repeated).</summary>
    public static Gen<byte[]> TensorEntry => Gen.Frequency(
        (4, CoherentTensor),
        (5, Gen.Select(
                HostileJson.Pick("name", "datatype", "shape", "data", "parameters", "extra").Array[0, 7],
                String, DataType, Shape, Data, Parameters)
            .Select(t => Object(t.Item1.Select(m => (Utf8($"\"{m}\""), m switch
            {
                "name" => t.Item2,
                "datatype" => t.Item3,
                "shape" => t.Item4,
                "data" => t.Item5,
                "parameters" => t.Item6,
                _ => Utf8("0"),
            })).ToArray()))),
        (1, Value(2)));

    /// <summary>A tensor whose datatype, shape and data agree, so some cases decode all the way.</summary>
    public static Gen<byte[]> CoherentTensor =>
        Gen.Select(Gen.Int[0, 2], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Bool, Gen.Int[0, 9])
            .Select(t =>
            {
                var (kind, rows, cols, nested, name) = t;
                var type = kind switch { 0 => "FP32", 1 => "INT64", _ => "BYTES" };
                string Element(int i) => kind == 2 ? $"\"s{i}\"" : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var data = nested
                    ? "[" + string.Join(',', Enumerable.Range(0, rows).Select(r => "[" + string.Join(',', Enumerable.Range(0, cols).Select(c => Element((r * cols) + c))) + "]")) + "]"
                    : "[" + string.Join(',', Enumerable.Range(0, rows * cols).Select(Element)) + "]";
                return Utf8($$"""{"name":"in{{name}}","datatype":"{{type}}","shape":[{{rows}},{{cols}}],"data":{{data}}}""");
            });

    public static Gen<byte[]> Request => Gen.Select(
            Gen.Frequency((3, String), (1, Value(1))),
            Gen.Frequency((4, TensorEntry.Array[0, 3].Select(Array)), (1, Value(2))),
            Parameters,
            Gen.Frequency((3, Gen.Select(String, Parameters).Select(o => Object((Utf8("\"name\""), o.Item1), (Utf8("\"parameters\""), o.Item2))).Array[0, 2].Select(Array)), (1, Value(1))),
            Gen.Int[0, 15])
        .Select(t =>
        {
            var (id, inputs, parameters, outputs, mask) = t;
            var members = new List<(byte[], byte[])> { (Utf8("\"inputs\""), inputs) };
            if ((mask & 1) != 0)
            {
                members.Insert(0, (Utf8("\"id\""), id));
            }

            if ((mask & 2) != 0)
            {
                members.Add((Utf8("\"parameters\""), parameters));
            }

            if ((mask & 4) != 0)
            {
                members.Add((Utf8("\"outputs\""), outputs));
            }

            if ((mask & 8) != 0)
            {
                members.Reverse();
            }

            return Object([.. members]);
        });

    /// <summary>Byte-level damage to well-formed text: truncation, a flipped or inserted byte, or none.</summary>
    public static Gen<byte[]> Damaged(Gen<byte[]> text) => Gen.Select(text, Gen.Int[0, 9], Gen.Int[0, int.MaxValue], Gen.Byte)
        .Select(t =>
        {
            var (bytes, kind, position, value) = t;
            if (bytes.Length == 0)
            {
                return bytes;
            }

            var at = position % bytes.Length;
            return kind switch
            {
                0 => bytes[..at],
                1 => [.. bytes[..at], value, .. bytes[at..]],
                2 => [.. bytes[..at], value, .. bytes[(at + 1)..]],
                _ => bytes,
            };
        });

    /// <summary>One of the given values, each equally likely.</summary>
    public static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    public static byte[] Array(byte[][] items) => Join(Utf8("["), items, Utf8("]"));

    public static byte[] Object(params (byte[] Name, byte[] Value)[] members) =>
        Join(Utf8("{"), [.. members.Select(m => Concat(m.Name, Utf8(":"), m.Value))], Utf8("}"));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Print(byte[] bytes) => bytes.Length <= 400
        ? Encoding.UTF8.GetString(bytes)
        : $"{Encoding.UTF8.GetString(bytes, 0, 400)}... ({bytes.Length} bytes)";

    private static byte[] Join(byte[] open, byte[][] items, byte[] close)
    {
        var parts = new List<byte[]> { open };
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                parts.Add(Utf8(","));
            }

            parts.Add(items[i]);
        }

        parts.Add(close);
        return Concat([.. parts]);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
