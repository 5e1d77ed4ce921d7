using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// A node script under tests/browser that drives chromium and talks with the test line by line: the test waits for each
/// line it prints (bounded) and answers on its stdin. Only this process is ever killed.
/// </summary>
internal sealed class BrowserScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly ConcurrentQueue<string> _log = new();

    private BrowserScript(Process process) => _process = process;

    /// <summary>Everything it printed, stdout and stderr, for a failure message.</summary>
    public string Log => string.Join(Environment.NewLine, _log);

    public static BrowserScript Start(string script, params string[] arguments)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "browser", script);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var browser = new BrowserScript(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                browser._lines.Writer.TryComplete();
                return;
            }

            browser._log.Enqueue(e.Data);
            browser._lines.Writer.TryWrite(e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { browser._log.Enqueue("stderr: " + e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return browser;
    }

    /// <summary>The next line it prints; fails with its whole log when it exits first or <paramref name="limit"/> passes.</summary>
    public async Task<string> ReadLineAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            return await _lines.Reader.ReadAsync(timeout.Token);
        }
        catch (ChannelClosedException)
        {
            await _process.WaitForExitAsync(CancellationToken.None);
            throw new InvalidOperationException($"the browser script exited with {_process.ExitCode} before printing the next line:\n{Log}");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the browser script printed nothing more within {limit}:\n{Log}");
        }
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public Task<int> WaitForExitAsync(TimeSpan limit) => _process.WaitForExitCodeAsync(limit);

    public async ValueTask DisposeAsync()
    {
        // Its chromium children die with it: they are this script's tree.
        await _process.KillTreeIfRunningAsync();
        _process.Dispose();
    }
}
