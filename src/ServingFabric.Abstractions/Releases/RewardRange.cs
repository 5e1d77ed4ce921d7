using System.Globalization;

namespace ServingFabric.Releases;

/// <summary>
/// The rewards feedback may carry (<c>POST /v1/models/{name}/feedback</c>), inclusive: one caller's outsized reward
/// must not decide an A/B test (a mean over a few thousand rewards in [-1, 1] moves little under one reward of 1e9).
/// Set by <c>ServingFabric:Inference:FeedbackRewardMin</c> and <c>FeedbackRewardMax</c>; the gateway and the
/// model's front both check it.
/// </summary>
/// <param name="Min">The lowest reward accepted.</param>
/// <param name="Max">The highest reward accepted.</param>
public sealed record RewardRange(double Min, double Max)
{
    /// <summary>[-1, 1]: one for a click, zero for none, minus one for a complaint.</summary>
    public static readonly RewardRange Default = new(-1, 1);

    /// <summary>Whether <paramref name="reward"/> is a finite number within the range.</summary>
    public bool Contains(double reward) => double.IsFinite(reward) && reward >= Min && reward <= Max;

    /// <summary>The range as error messages name it, such as <c>[-1, 1]</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Min}, {Max}]");
}
