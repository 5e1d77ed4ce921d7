using System.Globalization;

namespace ServingFabric.Perf.Reporting;

/// <summary>
/// One target of the issue checked against this run's measurement. Targets are benchmarks, not tests: a miss is
/// reported, never thrown, and most are ratios of two measurements taken minutes apart on the same machine.
/// </summary>
internal sealed record TargetCheck(string Name, double Measured, string Comparison, double Target, string Unit, string Basis)
{
    public bool Pass => Comparison == "≥" ? Measured >= Target : Measured <= Target;

    public string Verdict => Pass ? "PASS" : "MISS";

    public static TargetCheck AtLeast(string name, double measured, double target, string unit, string basis) =>
        new(name, Round(measured), "≥", target, unit, basis);

    public static TargetCheck AtMost(string name, double measured, double target, string unit, string basis) =>
        new(name, Round(measured), "≤", target, unit, basis);

    public string MeasuredText => Format(Measured);

    public string TargetText => $"{Comparison} {Format(Target)}";

    private string Format(double value) => $"{value.ToString("0.###", CultureInfo.InvariantCulture)}{Unit}";

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 3) : 0;
}
