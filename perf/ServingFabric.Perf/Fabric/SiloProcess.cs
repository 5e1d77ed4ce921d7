using System.Diagnostics;
using System.Globalization;

namespace ServingFabric.Perf.Fabric;

/// <summary>
/// The benchmark silo in a process of its own (this program's <c>serve-silo</c> mode), pinned to the server's cores
/// with <c>taskset</c>. Started and stopped by this process only, by its id; it also stops by itself when its
/// standard input closes, so a harness that dies leaves no silo behind.
/// </summary>
internal sealed class SiloProcess : IBenchmarkSilo
{
    public const string ReadyPrefix = "ready ";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Task _relay;

    private SiloProcess(Process process, Task relay, Uri httpAddress, int gatewayPort, Uri grpcAddress, bool responseCache)
    {
        GrpcAddress = grpcAddress;
        _process = process;
        _relay = relay;
        HttpAddress = httpAddress;
        GatewayPort = gatewayPort;
        ResponseCache = responseCache;
    }

    public Uri HttpAddress { get; }

    public Uri GrpcAddress { get; }

    public int GatewayPort { get; }

    public bool ResponseCache { get; }

    /// <summary>The silo's process id: what its CPU time is read from.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether <see cref="DisposeAsync"/> has begun: the silo is stopping or gone.</summary>
    public bool Stopped { get; private set; }

    /// <summary>CPU time the silo process has used so far (every thread, user and kernel).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<SiloProcess> StartAsync(string repository, bool responseCache, CoreSplit split, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        var start = Taskset.ThisProgram(split.ServerList, ["serve-silo", "--repository", repository, "--response-cache", responseCache ? "on" : "off"]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var relay = Task.WhenAll(
            RelayAsync(process.StandardOutput, log, ready),
            RelayAsync(process.StandardError, log, ready: null));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReadyTimeout);
            var exited = process.WaitForExitAsync(timeout.Token);
            var first = await Task.WhenAny(ready.Task, exited);
            if (first != ready.Task)
            {
                await exited;
                throw new InvalidOperationException($"the benchmark silo exited with code {process.ExitCode} before it was ready; its output is above.");
            }

            var parts = (await ready.Task).Split(' ');
            return new SiloProcess(process, relay, new Uri(parts[0]), int.Parse(parts[1], CultureInfo.InvariantCulture), new Uri(parts[2]), responseCache);
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stopped = true;
        try
        {
            // Closing its input is the silo's signal to stop gracefully.
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Stop(_process);
        }

        await _relay;
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task RelayAsync(StreamReader reader, TextWriter log, TaskCompletionSource<string>? ready)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (ready is not null && line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(line[ReadyPrefix.Length..]);
                continue;
            }

            await log.WriteLineAsync("  [silo] " + line);
        }
    }
}
