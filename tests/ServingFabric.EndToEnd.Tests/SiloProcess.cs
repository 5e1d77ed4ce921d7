using System.Collections.Concurrent;
using System.Diagnostics;
using ServingFabric.Tests.Shared;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// The real silo executable started as a child process on free loopback ports, in its own working directory, with
/// no configuration beyond ports: the embedded default. Only this process is ever signalled or killed.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, string workingDirectory, Uri baseAddress, int[] ports)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
        BaseAddress = baseAddress;
        Ports = ports;
    }

    public Uri BaseAddress { get; }

    /// <summary>HTTP gateway, Orleans silo and Orleans gateway ports, in that order; pass them to <see cref="StartOn"/> to restart in place.</summary>
    public IReadOnlyList<int> Ports { get; }

    /// <summary>The gRPC listener (h2c on loopback), or null when the silo was started without one.</summary>
    public Uri? GrpcAddress => Ports.Count > 3 ? new Uri($"http://127.0.0.1:{Ports[3]}") : null;

    public string WorkingDirectory { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => string.Join(Environment.NewLine, _output);

    public static SiloProcess Start(params string[] extraArguments) => StartOn(FreePorts.Take(4), extraArguments);

    /// <summary>Starts on given ports (HTTP gateway, silo, Orleans gateway, optionally gRPC): a restarted silo keeps its addresses.</summary>
    public static SiloProcess StartOn(IReadOnlyList<int> ports, params string[] extraArguments) =>
        Launch(ports, [RepositoryPaths.SiloAssembly], extraArguments);

    /// <summary>
    /// Starts the silo the way the README does, <c>dotnet run --project silo/ServingFabric.Silo</c> (built already, so
    /// <c>--no-build</c>), from its own working directory: whatever <c>dotnet run</c> does to the working directory, the test sees.
    /// </summary>
    public static SiloProcess StartWithDotnetRun(params string[] extraArguments) =>
        Launch(FreePorts.Take(4), ["run", "--no-build", "-c", RepositoryPaths.Configuration, "--project", RepositoryPaths.SiloProject, "--"], extraArguments);

    private static SiloProcess Launch(IReadOnlyList<int> ports, string[] launcher, string[] extraArguments)
    {
        var workingDirectory = Path.Combine(Path.GetTempPath(), "sf-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workingDirectory);
        var baseAddress = new Uri($"http://127.0.0.1:{ports[0]}");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in launcher)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add($"--ServingFabric:Gateway:Url={baseAddress.ToString().TrimEnd('/')}");
        start.ArgumentList.Add($"--ServingFabric:Silo:SiloPort={ports[1]}");
        start.ArgumentList.Add($"--ServingFabric:Silo:GatewayPort={ports[2]}");
        // A fourth port is the gRPC listener's; without one the silo opens none (two silos on one machine cannot share 8081).
        start.ArgumentList.Add(ports.Count > 3 ? $"--ServingFabric:Gateway:GrpcUrl=http://127.0.0.1:{ports[3]}" : "--ServingFabric:Gateway:GrpcUrl=");
        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, workingDirectory, baseAddress, [.. ports]);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { silo._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { silo._output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Polls readiness until it answers 200, the process dies, or the deadline passes.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(HttpClient http, TimeSpan limit)
    {
        var started = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"silo exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/v2/health/ready"), timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return started.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"silo not ready within {limit}:\n{Output}");
            }
            catch (OperationCanceledException)
            {
                // One probe outlived the client's own timeout (a starting silo on a loaded machine): ask again.
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>Waits for the process to exit by itself (for example refusing bad settings) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to this process only (a crash: no drain, no goodbye to the cluster).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM to this process (the signal a Kubernetes pod gets) and waits for it to exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan limit)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the OS later.
        }
    }
}
