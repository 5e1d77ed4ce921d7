using System.Globalization;

namespace ServingFabric.Perf.Fabric;

/// <summary>
/// Which processor cores the fabric gets and which the load generator gets. Benchmarks of serving systems run the
/// load generator apart from the server (Triton's perf_analyzer, wrk on another machine): a generator sharing the
/// server's cores charges its own work to the server. Split, the silo runs in its own process pinned to the first
/// cores and this process (load generator and the direct ONNX Runtime baseline) to the last quarter (at least one),
/// and the baseline runs as many threads as the silo has cores, so both sides of every ratio get the same cores.
/// The generator needs a fraction of one core (10-25 % at the loads here), so on two cores a split would leave the
/// silo one core and idle most of the other: there the layout is shared unless <c>--cores split</c> forces it.
/// </summary>
internal sealed record CoreSplit(IReadOnlyList<int> ServerCores, IReadOnlyList<int> ClientCores)
{
    /// <summary>Set in the pinned generator process, so it neither re-launches itself nor re-plans the split.</summary>
    public const string EnvironmentVariable = "SERVINGFABRIC_PERF_CORES";

    /// <summary>Cores of the silo, and threads of the direct baseline.</summary>
    public int ServerThreads => ServerCores.Count;

    public string ServerList => string.Join(',', ServerCores);

    public string ClientList => string.Join(',', ClientCores);

    /// <summary>The split as <see cref="EnvironmentVariable"/> carries it: <c>server cores/client cores</c>, e.g. <c>0/1</c>.</summary>
    public string Encoded => $"{ServerList}/{ClientList}";

    public string Describe() =>
        $"silo pinned to core{(ServerCores.Count == 1 ? "" : "s")} {ServerList}, load generator and direct baseline to core{(ClientCores.Count == 1 ? "" : "s")} {ClientList}";

    /// <summary>The fewest cores on which the split is made without being forced.</summary>
    public const int AutomaticMinimumCores = 3;

    /// <summary>
    /// Splits <paramref name="allowed"/>: the last quarter (at least one core) generates load, the rest serves. Null
    /// with fewer than two cores, or fewer than <see cref="AutomaticMinimumCores"/> unless <paramref name="force"/>.
    /// </summary>
    public static CoreSplit? Plan(IReadOnlyList<int> allowed, bool force)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (allowed.Count < 2 || (!force && allowed.Count < AutomaticMinimumCores))
        {
            return null;
        }

        var client = Math.Max(1, allowed.Count / 4);
        var server = allowed.Count - client;
        return new CoreSplit([.. allowed.Take(server)], [.. allowed.Skip(server)]);
    }

    /// <summary>The split a parent process planned, or null when this process was not launched by one.</summary>
    public static CoreSplit? FromEnvironment() => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? Parse(value) : null;

    /// <summary>
    /// Plans the split on this machine (<see cref="Plan"/>): Linux with <c>taskset</c> (util-linux, on every Debian)
    /// that may pin to both halves; null otherwise (or where a container forbids pinning), and the silo then runs
    /// inside this process.
    /// </summary>
    public static CoreSplit? Detect(bool force)
    {
        if (!OperatingSystem.IsLinux() || Taskset.Path is null)
        {
            return null;
        }

        var status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)) : null;
        var plan = line is null ? null : Plan(ParseList(line["Cpus_allowed_list:".Length..]), force);
        return plan is not null && Taskset.CanPin(plan.ServerList) && Taskset.CanPin(plan.ClientList) ? plan : null;
    }

    public static CoreSplit Parse(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var parts = encoded.Split('/');
        if (parts.Length != 2)
        {
            throw new FormatException($"{EnvironmentVariable}='{encoded}' is not '<server cores>/<client cores>' (for example 0/1).");
        }

        return new CoreSplit(ParseList(parts[0]), ParseList(parts[1]));
    }

    /// <summary>Parses a Linux CPU list such as <c>0-3,8,10-11</c>.</summary>
    public static IReadOnlyList<int> ParseList(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var cores = new List<int>();
        foreach (var range in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var first = int.Parse(dash < 0 ? range : range[..dash], CultureInfo.InvariantCulture);
            var last = dash < 0 ? first : int.Parse(range[(dash + 1)..], CultureInfo.InvariantCulture);
            for (var core = first; core <= last; core++)
            {
                cores.Add(core);
            }
        }

        return cores;
    }
}
