using ServingFabric.Grains.Fronts;

namespace ServingFabric.Grains.Tests.Fronts;

public sealed class TrafficOptionsValidationTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new InferenceFrontOptionsValidator().Validate(null, new InferenceFrontOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_TrafficSettingsOutOfRange_EachNamedWithAFix()
    {
        var options = new InferenceFrontOptions
        {
            OutcomeFlushInterval = TimeSpan.Zero,
            FeedbackCapacity = 0,
            FeedbackWindow = TimeSpan.FromSeconds(-1),
            MirrorMaxInFlight = 0,
        };

        var failures = new InferenceFrontOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("ServingFabric:Inference:OutcomeFlushInterval is 00:00:00; set a positive time such as 00:00:01.", failures);
        Assert.Contains(failures, f => f.StartsWith("ServingFabric:Inference:FeedbackCapacity is 0;", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("ServingFabric:Inference:FeedbackWindow is -00:00:01;", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("ServingFabric:Inference:MirrorMaxInFlight is 0;", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RetentionShorterThanFlushInterval_FailsSayingWhy()
    {
        var options = new InferenceFrontOptions { OutcomeFlushInterval = TimeSpan.FromSeconds(5), UnsentOutcomeRetention = TimeSpan.FromSeconds(2) };

        var failure = Assert.Single(new InferenceFrontOptionsValidator().Validate(null, options).Failures!);

        Assert.Contains("could never be retried", failure, StringComparison.Ordinal);
    }
}
