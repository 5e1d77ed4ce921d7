using ServingFabric.Perf.Reporting;

namespace ServingFabric.Perf.Scenarios;

/// <summary>One benchmark: starts what it needs, measures its baseline in the same run, and reports runs, targets and plots.</summary>
internal interface IScenario
{
    /// <summary>The command-line name, also the result files' name.</summary>
    string Name { get; }

    Task<ScenarioReport> RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}
