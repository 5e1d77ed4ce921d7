using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>
/// An incoming call filter registered only in tests: routing tables leave the router with the traffic policy of
/// <see cref="RouterTrafficOverride"/>, and outcome reports are copied to it before the router takes them (or refused
/// while it says so).
/// </summary>
internal sealed class RouterTrafficFilter(RouterTrafficOverride overrides) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        var isRouter = method?.DeclaringType == typeof(IModelRouterGrain);
        if (isRouter && method!.Name == nameof(IModelRouterGrain.ReportOutcomes))
        {
            var model = context.TargetId.Key.ToString()!;
            if (overrides.TryRefuse(model))
            {
                throw new TimeoutException($"test: the router of {model} refuses outcome reports");
            }

            overrides.Received(model, (OutcomeReport)context.Request.GetArgument(0)!);
        }

        if (isRouter && method!.Name == nameof(IModelRouterGrain.GetRoutingTable))
        {
            await overrides.WhileStalledAsync(context.TargetId.Key.ToString()!);
        }

        await context.Invoke();
        if (isRouter && method!.Name == nameof(IModelRouterGrain.GetRoutingTable)
            && context.Result is RoutingTable table && overrides.TrafficOf(table.ModelName) is { } traffic)
        {
            context.Result = table with { Traffic = traffic };
        }
    }
}
