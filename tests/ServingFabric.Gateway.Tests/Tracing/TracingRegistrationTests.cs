using Microsoft.Extensions.Configuration;
using ServingFabric.Hosting.Tracing;

namespace ServingFabric.Gateway.Tests.Tracing;

public sealed class TracingRegistrationTests
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "http://collector:4318", true)]
    [InlineData("none", "http://collector:4318", false)]
    [InlineData("otlp", null, true)]
    [InlineData("OTLP", null, true)]
    public void IsEnabled_ExporterAndEndpoint_OnOnlyWhenAskedFor(string? exporter, string? endpoint, bool expected)
    {
        var configuration = Configuration(("ServingFabric:Tracing:Exporter", exporter), (TracingRegistration.OtlpEndpointVariable, endpoint));

        Assert.Equal(expected, TracingRegistration.IsEnabled(configuration, TracingRegistration.Read(configuration)));
    }

    [Theory]
    [InlineData("ServingFabric:Tracing:Exporter", "jaeger", "use 'otlp'")]
    [InlineData("ServingFabric:Tracing:SampleRatio", "1.5", "between 0 and 1")]
    [InlineData("ServingFabric:Tracing:SampleRatio", "-0.1", "between 0 and 1")]
    public void Read_InvalidSetting_RefusedWithWhatToUse(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TracingRegistration.Read(Configuration((key, value))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Where(s => s.Value is not null).Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();
}
