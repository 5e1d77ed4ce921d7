using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace ServingFabric.Protocol.Tests;

/// <summary>
/// A large JSON body costs about its tensor's bytes to decode: nothing proportional to the text is built (no
/// JsonDocument index, no strings), so a 60 MB body no longer costs several times its size.
/// </summary>
public sealed class OipRequestCodecAllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void Read_LargeFp32JsonBody_AllocatesAboutTheTensorOnly()
    {
        const int Elements = 1_000_000;
        var random = new Random(17);
        var text = new StringBuilder("""{"id":"big","inputs":[{"name":"x","datatype":"FP32","shape":[250000,4],"data":[""");
        for (var i = 0; i < Elements; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(random.NextSingle().ToString("R", CultureInfo.InvariantCulture));
        }

        var body = Encoding.UTF8.GetBytes(text.Append("]}]}").ToString());
        OipRequestCodec.Read(body, null, "m", null); // warms up code paths and static caches

        var before = GC.GetAllocatedBytesForCurrentThread();
        var request = OipRequestCodec.Read(body, null, "m", null);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var tensorBytes = request.Inputs[0].Data.Length;
        output.WriteLine($"body {body.Length} bytes, tensor {tensorBytes} bytes, allocated {allocated} bytes ({(double)allocated / body.Length:F3} x the body)");
        Assert.Equal(Elements * 4, tensorBytes);
        Assert.InRange(allocated, tensorBytes, tensorBytes + (64 * 1024));
    }
}
