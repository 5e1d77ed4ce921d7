namespace ServingFabric.Perf.Reporting;

/// <summary>A table a scenario derives from its runs (for example each path's added latency), rendered in Markdown and kept in the JSON.</summary>
internal sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
