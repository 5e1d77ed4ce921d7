using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Clustering.AzureStorage;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using ServingFabric.Grains;
using ServingFabric.Grains.Placement;
using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Hosting;
using ServingFabric.Hosting.Secrets;

namespace Orleans.Hosting;

/// <summary>Chooses the clustering and state provider from configuration and publishes the silo's zone and roles.</summary>
public static class ServingFabricClusteringSiloBuilderExtensions
{
    /// <summary>
    /// Orleans' <see cref="ClusterMembershipOptions"/> are bound from this section (env <c>ServingFabric__Membership__ProbeTimeout=00:00:01</c>),
    /// so failure detection can be tuned without code.
    /// </summary>
    public const string MembershipSectionName = "ServingFabric:Membership";

    /// <summary>
    /// <c>ServingFabric:Silo:Clustering=Localhost</c> (default): localhost clustering, state in memory.
    /// <c>AzureTable</c>: membership and the <c>servingfabric</c> grain storage (router and catalog state) in Azure Table
    /// Storage, the silo advertised at <c>ServingFabric:Silo:AdvertisedAddress</c>. Either way the silo carries metadata
    /// <c>zone</c> and <c>roles</c>. Call it before <c>AddServingFabric</c>, which adds memory storage only when no
    /// <c>servingfabric</c> storage is registered yet. Invalid settings throw at once with messages naming them.
    /// </summary>
    public static ISiloBuilder AddServingFabricClustering(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;
        var siloSection = configuration.GetSection(ServingFabricSiloOptions.SectionName);
        var storageSection = configuration.GetSection(ServingFabricStorageOptions.SectionName);

        // The provider is chosen while the host is composed, so the settings are checked now, not at start.
        var silo = siloSection.Get<ServingFabricSiloOptions>() ?? new ServingFabricSiloOptions();
        var storage = storageSection.Get<ServingFabricStorageOptions>() ?? new ServingFabricStorageOptions();
        var failures = ServingFabricSiloOptionsValidator.Failures(silo);
        failures.AddRange(ServingFabricStorageOptionsValidator.Failures(silo, storage));
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(ServingFabricSiloOptions), typeof(ServingFabricSiloOptions), failures);
        }

        services.AddOptions<ServingFabricSiloOptions>().Bind(siloSection).ValidateOnStart();
        services.AddOptions<ServingFabricStorageOptions>().Bind(storageSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServingFabricSiloOptions>, ServingFabricSiloOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServingFabricStorageOptions>, ServingFabricStorageOptionsValidator>());
        services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection(MembershipSectionName));

        if (ServingFabricSiloOptionsValidator.IsAzureTable(silo))
        {
            builder.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = silo.ServiceId;
            });
            builder.ConfigureEndpoints(IPAddress.Parse(silo.AdvertisedAddress), silo.SiloPort, silo.GatewayPort, silo.ListenOnAnyHostAddress);
            // One client for membership and grain state, whose credential a rotated secret swaps in place.
            services.TryAddSingleton<ResolvedSecrets>();
            services.TryAddSingleton<StorageConnection>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecretConsumer, StorageConnection>(sp => sp.GetRequiredService<StorageConnection>()));
            builder.UseAzureStorageClustering((OptionsBuilder<AzureStorageClusteringOptions> o) =>
                o.Configure<IOptions<ServingFabricStorageOptions>, StorageConnection>((clustering, configured, connection) =>
                {
                    clustering.TableName = configured.Value.ClusteringTableName;
                    clustering.TableServiceClient = connection.Client;
                }));
            builder.AddAzureTableGrainStorage(ServingFabricStorage.Name, (OptionsBuilder<AzureTableStorageOptions> o) =>
                o.Configure<IOptions<ServingFabricStorageOptions>, StorageConnection>((state, configured, connection) =>
                {
                    state.TableName = configured.Value.GrainStateTableName;
                    state.TableServiceClient = connection.Client;
                }));
        }
        else
        {
            builder.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
        }

        var metadata = new Dictionary<string, string>
        {
            [SiloMetadataKeys.Zone] = silo.Zone.Trim(),
            [SiloMetadataKeys.Roles] = string.Join(',', SiloRoles.Parse(silo.Roles)),
        };

        // Placement on every silo reads which silos have GPUs, and how much memory each GPU has, from here.
        foreach (var (key, value) in ServingFabric.Hosting.Gpu.GpuInventoryRegistration.Metadata(ServingFabric.Hosting.Gpu.GpuInventoryRegistration.GetOrAdd(services)))
        {
            metadata[key] = value;
        }

        builder.UseSiloMetadata(metadata);
        return builder;
    }
}
