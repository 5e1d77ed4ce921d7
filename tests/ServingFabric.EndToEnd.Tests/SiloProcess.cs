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
    private readonly ConcurrentDictionary<TaskCompletionSource, string> _awaitedLines = new();

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
        process.OutputDataReceived += (_, e) => silo.Received(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Received(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Completes when the silo writes a line containing <paramref name="text"/> (or has written one already).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan limit)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaitedLines[seen] = text;
        if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            seen.TrySetResult();
        }

        try
        {
            await seen.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"silo {Id} wrote no line containing \"{text}\" within {limit}:\n{Output}");
        }
        finally
        {
            _awaitedLines.TryRemove(seen, out _);
        }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        foreach (var (seen, text) in _awaitedLines)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }
    }

    /// <summary>Polls readiness until it answers 200, the process dies, or the deadline passes.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(HttpClient http, TimeSpan limit)
    {
        var started = Stopwatch.StartNew();
        await ReadinessPoll.WaitAsync(
            http,
            new Uri(BaseAddress, "/v2/health/ready"),
            () => _process.HasExited ? $"exited with {_process.ExitCode}" : null,
            () => Output,
            "silo",
            limit);
        return started.Elapsed;
    }

    /// <summary>Waits for the process to exit by itself (for example refusing bad settings) and returns its exit code.</summary>
    public Task<int> WaitForExitAsync(TimeSpan limit) => _process.WaitForExitCodeAsync(limit);

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

        return await _process.WaitForExitCodeAsync(limit);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.KillTreeIfRunningAsync();
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
