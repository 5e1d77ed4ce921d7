namespace ServingFabric.Samples;

/// <summary>
/// The weights of <see cref="SampleModels.CreateIrisMlp"/>, trained on Fisher's Iris data set
/// (<see cref="IrisDataSet"/>) by <see cref="IrisTrainer"/> (seed 1936, 2000 epochs) and kept here as constants, so
/// the sample needs no training or download and tests can compute its outputs with plain math. It classifies 148 of
/// the 150 flowers correctly (98.7 %).
/// </summary>
public sealed class IrisMlpWeights
{
    /// <summary>Features per input row: sepal length, sepal width, petal length, petal width (cm).</summary>
    public const int Features = 4;

    /// <summary>Units in the hidden layer.</summary>
    public const int Hidden = 8;

    /// <summary>Output classes: setosa, versicolor, virginica.</summary>
    public const int Classes = 3;

    private static readonly float[] TrainedW1 =
    [
        -0.8777709f, 0.5024268f, -1.2032573f, 0.90650296f, -0.5329469f, 0.6628329f, -0.38262597f, 0.49769154f,
        -0.01694617f, -0.81779075f, 0.25035837f, 0.67783594f, 0.09285774f, 0.9765445f, -0.91198593f, -0.9728829f,
        0.4348578f, 1.7516671f, -1.0154381f, 0.30850923f, -1.0918113f, -1.385131f, -0.7701141f, -0.3276252f,
        -0.14941086f, 2.9771447f, -0.1494469f, -1.5326883f, -0.50171506f, -2.2634792f, 1.0171075f, -0.22306328f,
    ];

    private static readonly float[] TrainedB1 =
    [
        0f, -2.8398118f, 0f, 1.6125102f, 0f, 5.743254f, 0f, 0f,
    ];

    private static readonly float[] TrainedW2 =
    [
        0.5354997f, 0.043770462f, 0.26415977f, -1.3973694f, -0.05449224f, 1.5201044f,
        0.67002237f, -0.47767305f, 0.45809254f, 0.054063205f, 0.60902715f, -0.26827615f,
        0.2354733f, 0.3701084f, -0.8562155f, 2.8201292f, 1.2598473f, -2.9702978f,
        -0.28868592f, -0.3900473f, 0.21201281f, 0.69848365f, 0.58810234f, -0.30873233f,
    ];

    private static readonly float[] TrainedB2 =
    [
        0.36921042f, 1.2360392f, -1.1594837f,
    ];

    private IrisMlpWeights()
    {
        W1 = (float[])TrainedW1.Clone();
        B1 = (float[])TrainedB1.Clone();
        W2 = (float[])TrainedW2.Clone();
        B2 = (float[])TrainedB2.Clone();
    }

    /// <summary>First layer weights, [4, 8] row-major (feature × hidden unit).</summary>
    public float[] W1 { get; }

    /// <summary>First layer bias, [8].</summary>
    public float[] B1 { get; }

    /// <summary>Second layer weights, [8, 3] row-major (hidden unit × class).</summary>
    public float[] W2 { get; }

    /// <summary>Second layer bias, [3].</summary>
    public float[] B2 { get; }

    /// <summary>A fresh copy, so a caller that changes the arrays changes nobody else's.</summary>
    public static IrisMlpWeights Create() => new();
}
