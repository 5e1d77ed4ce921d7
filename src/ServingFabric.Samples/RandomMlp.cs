using ServingFabric.Tensors;

namespace ServingFabric.Samples;

/// <summary>
/// A multilayer perceptron of any width with seeded random weights: a stand-in for a real dense model where only its
/// size matters (benchmarks, quantization). Input "input" FP32 [-1, layers[0]] → (Gemm → Relu)* → Gemm → Softmax as
/// output "probabilities" FP32 [-1, layers[^1]].
/// </summary>
public static class RandomMlp
{
    /// <summary>The model's bytes; the same seed and layers give the same bytes.</summary>
    /// <param name="seed">Seeds the weights.</param>
    /// <param name="layers">Widths from input to output, at least two, such as 256, 1024, 1024, 10.</param>
    public static byte[] Create(int seed, params int[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentOutOfRangeException.ThrowIfLessThan(layers.Length, 2);
        var random = new Random(seed);
        var builder = new OnnxModelBuilder("random_mlp")
            .AddInput("input", TensorDataType.Fp32, -1, layers[0])
            .AddOutput("probabilities", TensorDataType.Fp32, -1, layers[^1]);
        var previous = "input";
        for (var l = 1; l < layers.Length; l++)
        {
            var (inputs, outputs) = (layers[l - 1], layers[l]);
            // He initialisation keeps activations from vanishing or exploding through the ReLUs.
            var limit = Math.Sqrt(6.0 / inputs);
            var weights = new float[inputs * outputs];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)(((random.NextDouble() * 2) - 1) * limit);
            }

            var bias = new float[outputs];
            for (var i = 0; i < bias.Length; i++)
            {
                bias[i] = (float)((random.NextDouble() - 0.5) * 0.1);
            }

            // Every other layer stores its weight transposed, as exporters of linear layers (PyTorch) do.
            var transposed = l % 2 == 0;
            builder.AddInitializer($"w{l}", transposed ? [outputs, inputs] : [inputs, outputs], weights)
                .AddInitializer($"b{l}", [outputs], bias)
                .Gemm(previous, $"w{l}", $"b{l}", $"dense{l}", transposeB: transposed);
            previous = $"dense{l}";
            if (l < layers.Length - 1)
            {
                builder.Relu(previous, $"relu{l}");
                previous = $"relu{l}";
            }
        }

        return builder.Softmax(previous, "probabilities", axis: 1).ToBytes();
    }

    /// <summary><paramref name="count"/> seeded inputs of <paramref name="width"/> values, uniform in [-1, 1].</summary>
    public static IReadOnlyList<float[]> Inputs(int seed, int count, int width)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, width).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray())];
    }
}
