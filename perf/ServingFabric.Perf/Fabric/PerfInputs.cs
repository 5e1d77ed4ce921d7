using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Perf.Fabric;

/// <summary>Benchmark inputs: a fixed iris flower, and seeded pseudo-images for the OCR classifier (the same bytes on every run).</summary>
internal static class PerfInputs
{
    public const int OcrChannels = 3;
    public const int OcrHeight = 48;
    public const int OcrWidth = 192;

    private static readonly float[] IrisFlower = [5.1f, 3.5f, 1.4f, 0.2f];

    public static InferenceRequest Iris(string model) =>
        new(string.Empty, model, null, [TensorFactory.Create("input", [1, 4], IrisFlower)]);

    public static IReadOnlyList<Tensor> IrisRows(int rows) =>
        [TensorFactory.Create("input", [rows, 4], Repeat(IrisFlower, rows))];

    /// <summary>One image, [1,3,48,192], named as the model's input (read from its metadata).</summary>
    public static InferenceRequest Ocr(string model, ModelMetadata metadata, int seed) =>
        new(string.Empty, model, null, OcrRows(metadata, 1, seed));

    /// <summary>The same image repeated <paramref name="rows"/> times, for the direct baseline's batches.</summary>
    public static IReadOnlyList<Tensor> OcrRows(ModelMetadata metadata, int rows, int seed)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return [TensorFactory.Create(metadata.Inputs[0].Name, [rows, OcrChannels, OcrHeight, OcrWidth], Repeat(OcrImage(seed), rows))];
    }

    // PaddleOCR feeds (pixel / 255 - 0.5) / 0.5, so values in [-1, 1) look like a normalized crop to the network.
    private static float[] OcrImage(int seed)
    {
        var random = new Random(seed);
        var image = new float[OcrChannels * OcrHeight * OcrWidth];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = (random.NextSingle() * 2) - 1;
        }

        return image;
    }

    private static float[] Repeat(float[] row, int rows)
    {
        var all = new float[row.Length * rows];
        for (var r = 0; r < rows; r++)
        {
            row.CopyTo(all, r * row.Length);
        }

        return all;
    }
}
