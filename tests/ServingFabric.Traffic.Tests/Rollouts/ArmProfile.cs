namespace ServingFabric.Traffic.Tests.Rollouts;

/// <summary>How a simulated version behaves: error rate, log-normal latency, normal reward.</summary>
internal sealed record ArmProfile(double ErrorRate = 0.01, double MedianMilliseconds = 50, double LogSigma = 0.5, double RewardMean = 0.5, double RewardSigma = 1.0);
