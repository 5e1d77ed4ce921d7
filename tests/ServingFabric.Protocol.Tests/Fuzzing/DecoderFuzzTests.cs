using System.Text.Json;
using CsCheck;
using ServingFabric.Inference;
using ServingFabric.Tensors;
using ServingFabric.Tests.Shared.Fuzzing;
using Xunit.Abstractions;

namespace ServingFabric.Protocol.Tests.Fuzzing;

/// <summary>
/// Property: every body either decodes or fails with <see cref="InferenceException"/> of the expected kind (400 for
/// requests); no other exception type, whatever the input. 100,000 seeded cases in all over the request, binary,
/// response and tensor-data decoders.
/// </summary>
public sealed class DecoderFuzzTests(ITestOutputHelper output)
{
    private const ulong Seed = 20260417;

    [Fact]
    public void RequestRead_HostileJson_DecodesOrFailsWithInvalidInput()
    {
        var decoded = 0;
        var count = SeededRun.Check(
            HostileJson.Damaged(HostileJson.Request),
            body => decoded += ReadRequest(body, null) ? 1 : 0,
            iterations: 50_000, stream: 1, Seed, HostileJson.Print);
        output.WriteLine($"request JSON: {count} cases (PCG stream 1, seed {Seed}), {decoded} decoded, {count - decoded} refused with 400");
        Assert.InRange(decoded, 1, count - 1);
    }

    [Fact]
    public void RequestRead_HostileBinaryBodies_DecodesOrFailsWithInvalidInput()
    {
        var decoded = 0;
        var count = SeededRun.Check(
            BinaryBody,
            body => decoded += ReadRequest(body.Bytes, body.HeaderLength) ? 1 : 0,
            iterations: 30_000, stream: 2, Seed, b => $"header length {b.HeaderLength}: {HostileJson.Print(b.Bytes)}");
        output.WriteLine($"request binary: {count} cases (PCG stream 2, seed {Seed}), {decoded} decoded, {count - decoded} refused with 400");
        Assert.InRange(decoded, 1, count - 1);
    }

    [Fact]
    public void ResponseRead_HostileJson_DecodesOrFailsWithMalformedResponse()
    {
        var response = HostileJson.Damaged(HostileJson.Request.Select(request =>
            HostileJson.Utf8("{\"model_name\":\"m\",\"outputs\":").Concat(ExtractInputs(request)).Concat(HostileJson.Utf8("}")).ToArray()));
        var count = SeededRun.Check(
            response,
            body =>
            {
                try
                {
                    OipResponseCodec.Read(body, null);
                }
                catch (InferenceException ex) when (ex.Kind == InferenceErrorKind.Internal)
                {
                }
            },
            iterations: 12_000, stream: 3, Seed, HostileJson.Print);
        output.WriteLine($"response JSON: {count} cases (PCG stream 3, seed {Seed})");
    }

    [Fact]
    public void TensorJsonReadData_HostileData_DecodesOrFailsWithInvalidInput()
    {
        var gen = Gen.Select(HostileJson.Data, Gen.Int[0, HostileJson.DataTypes.Length - 1], Gen.Int[0, 4].Array[0, 3]);
        var count = SeededRun.Check(
            gen,
            t =>
            {
                var (data, type, shape) = t;
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(data);
                }
                catch (JsonException)
                {
                    return;
                }

                using (document)
                {
                    try
                    {
                        var dataType = TensorDataTypes.TryParse(HostileJson.DataTypes[type], out var parsed) ? parsed.Value : TensorDataType.Fp32;
                        TensorJson.ReadData(document.RootElement, "t", dataType, [.. shape.Select(d => (long)d)]);
                    }
                    catch (InferenceException ex) when (ex.Kind == InferenceErrorKind.InvalidInput)
                    {
                    }
                }
            },
            iterations: 10_000, stream: 4, Seed, t => $"{HostileJson.DataTypes[t.Item2]} [{string.Join(',', t.Item3)}] {HostileJson.Print(t.Item1)}");
        output.WriteLine($"tensor data: {count} cases (PCG stream 4, seed {Seed})");
    }

    /// <summary>A binary body: a JSON header whose inputs claim binary_data_size bytes, a tail of bytes, and a header length that may lie.</summary>
    private static Gen<(byte[] Bytes, int? HeaderLength)> BinaryBody =>
        Gen.Select(
                Gen.Select(Gen.Int[0, HostileJson.DataTypes.Length - 1], Gen.Int[0, 4].Array[0, 3], Gen.Frequency((4, Gen.Int[0, 64].Select(i => (long)i)), (1, HostileJson.Pick(-1L, long.MaxValue, 1L << 31, 1L << 32)))).Array[0, 3],
                Gen.Byte.Array[0, 96],
                Gen.Frequency((4, Gen.Const(0)), (1, Gen.Int[-8, 8]), (1, HostileJson.Pick(int.MinValue, int.MaxValue, -1))),
                Gen.Bool)
            .Select(t =>
            {
                var (inputs, tail, headerDelta, binaryOutput) = t;
                var entries = inputs.Select((input, i) =>
                    $$$"""{"name":"b{{{i}}}","datatype":"{{{HostileJson.DataTypes[input.Item1]}}}","shape":[{{{string.Join(',', input.Item2)}}}],"parameters":{"binary_data_size":{{{input.Item3}}}}}""");
                var json = HostileJson.Utf8($$$"""{"inputs":[{{{string.Join(',', entries)}}}],"parameters":{"binary_data_output":{{{(binaryOutput ? "true" : "false")}}}}}""");
                int? header = headerDelta is int.MinValue or int.MaxValue or -1 ? headerDelta : json.Length + headerDelta;
                return (Bytes: json.Concat(tail).ToArray(), HeaderLength: header);
            });

    private static bool ReadRequest(byte[] body, int? headerLength)
    {
        try
        {
            long reserved = -1;
            var request = OipRequestCodec.Read(body, headerLength, "m", null, bytes => reserved = bytes);
            // What the decoder reported before allocating bounds what it allocated.
            Assert.True(request.Inputs.Sum(i => (long)i.Data.Length) <= reserved, "decoded tensors exceed the reservation");
            return true;
        }
        catch (InferenceException ex)
        {
            Assert.Equal(InferenceErrorKind.InvalidInput, ex.Kind);
            return false;
        }
    }

    // The "inputs" array of a generated request, reused as a response's "outputs" (the same entry grammar).
    private static byte[] ExtractInputs(byte[] request)
    {
        var marker = HostileJson.Utf8("\"inputs\":");
        var at = request.AsSpan().IndexOf(marker);
        if (at < 0)
        {
            return HostileJson.Utf8("[]");
        }

        var start = at + marker.Length;
        var reader = new Utf8JsonReader(request.AsSpan(start));
        try
        {
            reader.Read();
            reader.Skip();
            return request[start..(start + (int)reader.BytesConsumed)];
        }
        catch (JsonException)
        {
            return HostileJson.Utf8("[]");
        }
    }
}
