namespace ServingFabric.Perf.Measurement;

/// <summary>
/// Finds the highest open-loop rate a path sustains: raise the rate by <see cref="Growth"/> until a step is not
/// sustained, then narrow the gap between the last good and the first bad rate by geometric bisection. A closed-loop
/// probe is only the starting guess: with dynamic batching, how many clients wait changes the batch sizes and so the
/// capacity, and the open loop is what arrives in production.
/// </summary>
internal sealed class SustainableRateSearch
{
    /// <summary>Factor between steps while no step has failed.</summary>
    public double Growth { get; init; } = 1.25;

    /// <summary>The search ends once the first bad rate is within this factor of the last good one.</summary>
    public double Resolution { get; init; } = 1.12;

    public int MaxSteps { get; init; } = 8;

    /// <summary>Sustained: no errors, at most 0.5 % refused, and at least 98 % of the offered rate answered.</summary>
    public static bool IsSustained(RunResult step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var sent = step.Completed + step.Refused + step.Errors;
        return step.Errors == 0 && step.Refused <= 0.005 * sent && step.Throughput >= 0.98 * (step.OfferedRate ?? 0);
    }

    /// <summary>Runs steps through <paramref name="runAt"/> (rate → result) and returns the highest sustained rate (the lowest tried when none was).</summary>
    public async Task<double> FindAsync(double startRate, Func<double, Task<RunResult>> runAt)
    {
        ArgumentNullException.ThrowIfNull(runAt);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(startRate, 0);
        double? good = null;
        double? bad = null;
        var rate = startRate;
        for (var step = 0; step < MaxSteps; step++)
        {
            if (IsSustained(await runAt(rate)))
            {
                good = rate;
            }
            else
            {
                bad = rate;
            }

            if (good is { } g && bad is { } b)
            {
                if (b / g <= Resolution)
                {
                    break;
                }

                rate = Math.Sqrt(g * b);
            }
            else
            {
                rate = good is { } up ? up * Growth : bad!.Value / Growth;
            }
        }

        return good ?? rate;
    }
}
