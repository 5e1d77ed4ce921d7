using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Samples.Tests;

/// <summary>The sample iris model is a real classifier: trained on Fisher's data set, it labels the flowers it was trained on.</summary>
public sealed class IrisAccuracyTests
{
    [Fact]
    public void IrisDataSet_Rows_AreFiftyOfEachSpecies()
    {
        Assert.Equal(150, IrisDataSet.Rows.Count);
        Assert.Equal([50, 50, 50], IrisDataSet.Rows.GroupBy(r => r.Label).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal(new IrisFlower(5.1f, 3.5f, 1.4f, 0.2f, 0), IrisDataSet.Rows[0]);
    }

    [Fact]
    public void CreateIrisMlp_OnTheDataSetInOnnxRuntime_AtLeastNinetyFivePercentCorrect()
    {
        using var session = new InferenceSession(SampleModels.CreateIrisMlp());
        var rows = IrisDataSet.Rows;
        var input = new DenseTensor<float>(rows.SelectMany(r => r.Features).ToArray(), [rows.Count, IrisMlpWeights.Features]);

        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        var labels = results.Single(r => r.Name == "label").AsEnumerable<long>().ToArray();

        var correct = labels.Zip(rows, (label, row) => label == row.Label).Count(c => c);
        Assert.True(correct >= 143, $"{correct} of 150 correct; the sample should classify at least 95 %");
    }

    [Theory]
    [InlineData(5.1f, 3.5f, 1.4f, 0.2f, 0)] // the textbook setosa of the README
    [InlineData(7.0f, 3.2f, 4.7f, 1.4f, 1)] // the data set's first versicolor
    [InlineData(6.3f, 3.3f, 6.0f, 2.5f, 2)] // the data set's first virginica
    public void IrisReference_FirstFlowerOfEachSpecies_LabelledAsItsSpecies(float sepalLength, float sepalWidth, float petalLength, float petalWidth, long species) =>
        Assert.Equal(species, IrisReference.Compute([sepalLength, sepalWidth, petalLength, petalWidth]).Label);

    [Fact]
    public void Train_ShippedSeedAndEpochs_ReproducesTheShippedWeights()
    {
        var (w1, b1, w2, b2) = IrisTrainer.Train();
        var shipped = SampleModels.IrisMlpWeights;

        Assert.All(w1.Concat(b1).Concat(w2).Concat(b2).Zip(shipped.W1.Concat(shipped.B1).Concat(shipped.W2).Concat(shipped.B2)),
            pair => Assert.Equal(pair.Second, pair.First, 1e-4f));
    }
}
