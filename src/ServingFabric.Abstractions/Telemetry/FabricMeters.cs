using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace ServingFabric.Telemetry;

/// <summary>
/// Creates the fabric's meters with a tag naming the host instance that owns them (exported by Prometheus as the label
/// <c>otel_scope_servingfabric_instance</c>). OpenTelemetry identifies a metric stream by meter name, version and tags,
/// and a provider listens to every meter of a name in the process: without the tag, two hosts in one process (tests,
/// a host restarted in place) share one stream, and disposing the first host's meter ends the stream for the second
/// (opentelemetry-dotnet issue 6412), whose counters then vanish from its <c>/metrics</c>.
/// </summary>
public static class FabricMeters
{
    /// <summary>The meter tag that tells one host's instruments from another's.</summary>
    public const string InstanceTag = "servingfabric.instance";

    private static readonly ConditionalWeakTable<object, string> Instances = new();

    /// <summary>The meter <paramref name="name"/> from the host's factory, tagged with that factory's instance id.</summary>
    public static Meter Create(IMeterFactory factory, string name)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.Create(Options(name, factory));
    }

    /// <summary>Options for a meter <paramref name="name"/> tagged with the instance id of <paramref name="owner"/>.</summary>
    public static MeterOptions Options(string name, object owner) =>
        new(name) { Tags = [new(InstanceTag, InstanceOf(owner))] };

    /// <summary>A short random id, the same for every call with the same <paramref name="owner"/>.</summary>
    public static string InstanceOf(object owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return Instances.GetValue(owner, static _ => Guid.NewGuid().ToString("N")[..12]);
    }
}
