using ServingFabric.Traffic.Routing;

namespace ServingFabric.Traffic.Tests.Routing;

public sealed class EvenSequenceTests
{
    [Theory]
    [InlineData(EvenSequence.GoldenStep, 0.10)]
    [InlineData(EvenSequence.SilverStep, 0.33)]
    [InlineData(EvenSequence.BronzeStep, 0.05)]
    [InlineData(EvenSequence.CopperStep, 0.5)]
    public void Next_ManyValues_CountBelowPWithinAFewOfNTimesP(double step, double p)
    {
        var sequence = new EvenSequence(step);

        var below = Enumerable.Range(0, 100_000).Count(_ => sequence.Next() < p);

        Assert.InRange(below, (100_000 * p) - 10, (100_000 * p) + 10);
    }

    [Fact]
    public void Next_TwoInstancesSameStep_SameValues()
    {
        var (first, second) = (new EvenSequence(EvenSequence.GoldenStep), new EvenSequence(EvenSequence.GoldenStep));

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(first.Next(), second.Next()));
    }

    [Fact]
    public void Next_AlwaysInsideZeroToOne()
    {
        var sequence = new EvenSequence(EvenSequence.BronzeStep);

        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.InRange(sequence.Next(), 0.0, Math.BitDecrement(1.0)));
    }
}
