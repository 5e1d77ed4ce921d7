namespace ServingFabric.Optimization.Graph;

/// <summary>How far ONNX Runtime's offline optimizer rewrites a graph.</summary>
public enum GraphLevel
{
    /// <summary>
    /// Constant folding and redundant-node elimination with standard ONNX operators only: the result runs the same on
    /// every machine and every execution provider, so it is the level to ship.
    /// </summary>
    Basic,

    /// <summary>
    /// Basic plus fusions into ONNX Runtime's contrib operators (FusedGemm, DynamicQuantizeMatMul, ...): the file then
    /// needs ONNX Runtime's CPU provider, and some fusions are chosen for the CPU that wrote it. Ship it only to silos
    /// with the same ONNX Runtime build and CPU family.
    /// </summary>
    Extended,
}
