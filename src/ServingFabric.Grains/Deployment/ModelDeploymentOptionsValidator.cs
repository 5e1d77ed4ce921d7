using Microsoft.Extensions.Options;

namespace ServingFabric.Grains.Deployment;

internal sealed class ModelDeploymentOptionsValidator : IValidateOptions<ModelDeploymentOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelDeploymentOptions options) =>
        options.DefaultMinReplicas >= 1
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ModelDeploymentOptions.SectionName}:DefaultMinReplicas is {options.DefaultMinReplicas}; set 1 or more (3 in production, one per zone).");
}
