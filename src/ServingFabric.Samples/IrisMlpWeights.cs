namespace ServingFabric.Samples;

/// <summary>
/// The fixed weights of <see cref="SampleModels.CreateIrisMlp"/>, so tests can compute its outputs with plain math.
/// Element k (row-major) of the tensor with salt s is <c>(((37k + 11s + 5) mod 23) - 11) / 22</c>, a value in
/// [-0.5, 0.5]; the salts are W1 = 1, B1 = 2, W2 = 3, B2 = 4. A formula, not a random generator, keeps the
/// model identical across .NET versions.
/// </summary>
public sealed class IrisMlpWeights
{
    /// <summary>Features per input row.</summary>
    public const int Features = 4;

    /// <summary>Units in the hidden layer.</summary>
    public const int Hidden = 8;

    /// <summary>Output classes.</summary>
    public const int Classes = 3;

    private IrisMlpWeights()
    {
        W1 = Generate(Features * Hidden, salt: 1);
        B1 = Generate(Hidden, salt: 2);
        W2 = Generate(Hidden * Classes, salt: 3);
        B2 = Generate(Classes, salt: 4);
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

    private static float[] Generate(int count, int salt)
    {
        var values = new float[count];
        for (var k = 0; k < count; k++)
        {
            values[k] = ((((37 * k) + (11 * salt) + 5) % 23) - 11) / 22f;
        }

        return values;
    }
}
