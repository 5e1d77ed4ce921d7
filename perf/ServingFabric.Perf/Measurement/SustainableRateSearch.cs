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

    /// <summary>The latency objective a sustained step's p99 must meet, in milliseconds.</summary>
    public double LatencyLimitMs { get; init; } = 250;

    /// <summary>
    /// Sustained: no errors, at most 0.5 % refused, at least 90 % of the offered rate answered in time, and p99 within
    /// <see cref="LatencyLimitMs"/>. The latency rule is the sharp one: a queue that grows for the whole step breaks it,
    /// while the throughput rule, loose because a short step's last answers land after it, only catches a stall.
    /// </summary>
    public bool IsSustained(RunResult step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var sent = step.Completed + step.Refused + step.Errors;
        return step.Errors == 0
            && step.Refused <= 0.005 * sent
            && step.Throughput >= 0.9 * (step.OfferedRate ?? 0)
            && step.Latency.P99Ms <= LatencyLimitMs;
    }

    /// <summary>Runs steps through <paramref name="runAt"/> (rate → result) and returns the highest sustained rate (the lowest tried when none was).</summary>
    public async Task<double> FindAsync(double startRate, Func<double, Task<RunResult>> runAt)
    {
        ArgumentNullException.ThrowIfNull(runAt);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(startRate, 0);
        double? good = null;
        double? bad = null;
        var rate = startRate;
        var steps = 0;
        while (steps < MaxSteps)
        {
            var sustained = IsSustained(await runAt(rate));
            steps++;
            if (!sustained && steps < MaxSteps)
            {
                // A failed step is tried once more before it counts: on a shared machine one stall (a neighbour, a
                // full garbage collection) can back a queue up for a whole short step and would halve the estimate.
                sustained = IsSustained(await runAt(rate));
                steps++;
            }

            if (sustained)
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
