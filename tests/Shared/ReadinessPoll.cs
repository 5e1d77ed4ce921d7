namespace ServingFabric.Tests.Shared;

/// <summary>Polls a silo started out of process (an executable, a container) until <c>/v2/health/ready</c> answers 200.</summary>
internal static class ReadinessPoll
{
    /// <summary>
    /// Asks <paramref name="ready"/> every 100 ms until it answers 200; fails at once when <paramref name="exited"/>
    /// returns a reason (the process is gone), and with a <see cref="TimeoutException"/> after <paramref name="limit"/>.
    /// <paramref name="output"/> is the process' output so far, for both failures.
    /// </summary>
    public static async Task WaitAsync(HttpClient http, Uri ready, Func<string?> exited, Func<string> output, string what, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            if (exited() is { } reason)
            {
                throw new InvalidOperationException($"{what} {reason} before it was ready:\n{output()}");
            }

            try
            {
                using var response = await http.GetAsync(ready, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"{what} not ready within {limit}:\n{output()}");
            }
            catch (OperationCanceledException)
            {
                // One probe outlived the client's own timeout (a starting silo on a loaded machine): ask again.
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
