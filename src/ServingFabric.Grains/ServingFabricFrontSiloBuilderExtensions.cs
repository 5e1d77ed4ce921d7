using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ServingFabric.Grains.Catalog;
using ServingFabric.Grains.Fronts;
using ServingFabric.Grains.Outcomes;
using ServingFabric.Grains.Replicas;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Caching;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Traffic.Routing;

namespace Orleans.Hosting;

/// <summary>
/// Adds what the request path needs beyond its grains: front and replica options, the silo's shared replica balancer,
/// outcome collection with its flush to the routers, the feedback ledger and the rewards it accepts
/// (<see cref="ServingFabric.Releases.RewardRange"/>), the front's collaborators, the cache-hit path that fronts and the
/// gateway share (<see cref="IEdgeAnswers"/>), the front's request path the gateway runs itself while a fresh fixed
/// table allows it (<see cref="IEdgeFronts"/>), and the silo's view of the catalog's models (<see cref="IKnownModels"/>).
/// </summary>
public static class ServingFabricFrontSiloBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="InferenceFrontOptions"/> (<c>ServingFabric:Inference</c>, outlier detection under
    /// <c>ServingFabric:Inference:OutlierDetection</c>), validated at start, and the replica balancer that every front
    /// activation of the silo shares, the outcome collector and its flush loop, the feedback ledger, and
    /// <see cref="ModelReplicaOptions"/> (<c>ServingFabric:Replica</c>).
    /// </summary>
    public static ISiloBuilder AddServingFabricFronts(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;
        services.AddOptionsWithValidateOnStart<InferenceFrontOptions>().Bind(configuration.GetSection(InferenceFrontOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceFrontOptions>, InferenceFrontOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReplicaBalancer>();
        services.TryAddSingleton<OutcomeCollector>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, OutcomeFlusher>());
        services.TryAddSingleton(static services =>
        {
            var options = services.GetRequiredService<IOptions<InferenceFrontOptions>>().Value;
            return new FeedbackLedger(options.FeedbackCapacity, options.FeedbackWindow, services.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(static services => new EdgeAnswers(
            services.GetRequiredService<IOptions<InferenceFrontOptions>>().Value.RoutingTableTtl,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ResponseCache>(),
            services.GetRequiredService<ServingFabricMetrics>(),
            services.GetRequiredService<OutcomeCollector>()));
        services.TryAddSingleton<IEdgeAnswers>(static services => services.GetRequiredService<EdgeAnswers>());
        services.TryAddSingleton(static services => services.GetRequiredService<IOptions<InferenceFrontOptions>>().Value.FeedbackRewards);

        // The catalog's model names, checked before any grain is called for a model name a request carries.
        services.TryAddSingleton<KnownModels>();
        services.TryAddSingleton<IKnownModels>(static services => services.GetRequiredService<KnownModels>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, KnownModels>(
            static services => services.GetRequiredService<KnownModels>()));

        // The front's collaborators: the stateless ones shared by the silo's activations, the others one per activation.
        services.TryAddSingleton<LocalReplicas>();
        services.TryAddSingleton<ReplicaCaller>();
        services.TryAddSingleton<FrontOutcomes>();
        services.TryAddSingleton<FrontAdmission>();
        services.TryAddSingleton<FrontRequests>();
        services.TryAddSingleton<EdgeFronts>();
        services.TryAddSingleton<IEdgeFronts>(static services => services.GetRequiredService<EdgeFronts>());
        services.TryAddTransient<VersionChooser>();
        services.TryAddTransient<ReplicaStatusProbes>();
        services.AddOptions<ModelReplicaOptions>().Bind(configuration.GetSection(ModelReplicaOptions.SectionName));
        return builder;
    }
}
