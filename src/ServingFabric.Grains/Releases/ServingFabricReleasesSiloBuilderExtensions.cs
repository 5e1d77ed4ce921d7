using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServingFabric.Grains.Releases;

namespace Orleans.Hosting;

/// <summary>Adds the options of canaries and A/B tests that model routers run.</summary>
public static class ServingFabricReleasesSiloBuilderExtensions
{
    /// <summary>Binds <see cref="ReleaseOptions"/> from <c>ServingFabric:Releases</c>, validated at start.</summary>
    public static ISiloBuilder AddServingFabricReleases(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ReleaseOptions.SectionName);
        builder.Services.AddOptionsWithValidateOnStart<ReleaseOptions>()
            .Bind(section)
            .PostConfigure(options =>
            {
                // The binder appends configured array items to the default [10, 25, 50, 100]; configured steps replace them.
                var steps = section.GetSection("Canary:Steps");
                if (steps.Exists())
                {
                    options.Canary.Steps = steps.Get<double[]>() ?? [];
                }
            });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReleaseOptions>, ReleaseOptionsValidator>());
        return builder;
    }
}
