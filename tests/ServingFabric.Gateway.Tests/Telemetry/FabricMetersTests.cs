using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Telemetry;

namespace ServingFabric.Gateway.Tests.Telemetry;

/// <summary>Two hosts in one process: ending one must not end the other's metric streams (opentelemetry-dotnet 6412).</summary>
public sealed class FabricMetersTests
{
    [Fact]
    public void RecordRequest_OtherHostInTheProcessDisposed_ThisHostsCounterStillExported()
    {
        var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var mine = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var otherMetrics = new ServingFabricMetrics(other.GetRequiredService<IMeterFactory>());
        var myMetrics = new ServingFabricMetrics(mine.GetRequiredService<IMeterFactory>());
        var exported = new List<Metric>();
        using var reader = new BaseExportingMetricReader(new CapturingExporter(exported));
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(ServingFabricMetrics.MeterName).AddReader(reader).Build();

        for (var i = 0; i < 5; i++)
        {
            otherMetrics.RecordRequest("iris", "1", null, TimeSpan.FromMilliseconds(1));
        }

        myMetrics.RecordRequest("iris", "1", null, TimeSpan.FromMilliseconds(1));
        other.Dispose();
        reader.Collect();
        exported.Clear();
        myMetrics.RecordRequest("iris", "1", null, TimeSpan.FromMilliseconds(1));
        reader.Collect();

        var mineTag = FabricMeters.InstanceOf(mine.GetRequiredService<IMeterFactory>());
        var totals = exported.Where(m => m.Name == "servingfabric.inference.requests").ToDictionary(
            m => m.MeterTags?.FirstOrDefault(t => t.Key == FabricMeters.InstanceTag).Value as string ?? "(untagged)", Sum);
        Assert.Equal(2, totals.GetValueOrDefault(mineTag));
    }

    private static long Sum(Metric metric)
    {
        long total = 0;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            total += point.GetSumLong();
        }

        return total;
    }

    [Fact]
    public void InstanceOf_SameOwner_SameIdAndDifferentOwnersDiffer()
    {
        object first = new(), second = new();

        Assert.Equal(FabricMeters.InstanceOf(first), FabricMeters.InstanceOf(first));
        Assert.NotEqual(FabricMeters.InstanceOf(first), FabricMeters.InstanceOf(second));
    }

    private sealed class CapturingExporter(List<Metric> exported) : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                exported.Add(metric);
            }

            return ExportResult.Success;
        }
    }
}
