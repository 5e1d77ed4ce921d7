namespace ServingFabric.Perf.Reporting;

/// <summary>One line of a chart: points (x, y) and its legend text.</summary>
internal sealed record PlotSeries(string Legend, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>A horizontal reference line (a baseline) on a chart.</summary>
internal sealed record PlotReference(string Legend, double Y);

/// <summary>One group of bars (one colour) across the categories of a bar chart.</summary>
internal sealed record BarGroup(string Legend, IReadOnlyList<double> Values);
