using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ServingFabric.Contracts.Security.Secrets;

namespace ServingFabric.Hosting.Secrets;

/// <summary>
/// Reads secrets from Key Vault or mounted files by reference. Every access makes exactly one audit record: a
/// structured log event (<see cref="SecretStoreLog.SecretAccessedId"/>), a count in
/// <c>servingfabric_secret_reads_total{secret,outcome}</c> and an entry in the bounded audit log. Watched secrets are
/// refreshed every poll interval (files every second); values never reach logs, metrics or exceptions.
/// </summary>
internal sealed class SecretStore : ISecretStore, IAsyncDisposable
{
    private readonly SecretStoreOptions _options;
    private readonly ISecretBackend _keyVault;
    private readonly ISecretBackend _files;
    private readonly SecretAuditLog _audit;
    private readonly SecretMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _silo;
    private readonly ConcurrentDictionary<(SecretReference, string), WatchState> _watched = new();
    private readonly CancellationTokenSource _stopping = new();

    public SecretStore(SecretStoreOptions options, ISecretBackend keyVault, ISecretBackend files, SecretAuditLog audit, SecretMetrics metrics,
        TimeProvider time, ILogger logger, string silo)
    {
        _options = options;
        _keyVault = keyVault;
        _files = files;
        _audit = audit;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _silo = silo;
    }

    /// <summary>The audit log this store writes.</summary>
    public ISecretAuditLog Audit => _audit;

    public async Task<SecretValue> GetAsync(SecretReference reference, string component, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return await AuditedAsync(reference, component, "read", () => BackendOf(reference).GetAsync(reference, cancellationToken), v => v.Version);
    }

    public async Task<IReadOnlyList<SecretVersionInfo>> ListVersionsAsync(SecretReference reference, string component, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return await AuditedAsync(reference, component, "list", () => BackendOf(reference).ListVersionsAsync(reference, cancellationToken), v => v.Count > 0 ? v[0].Version : null);
    }

    public IDisposable Watch(SecretReference reference, string component, SecretValue current, Func<SecretValue, CancellationToken, Task> changed)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changed);
        var state = new WatchState(reference, component, current, _time.GetUtcNow(), CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        _watched[(reference, component)] = state;
        state.Loop = Task.Run(() => WatchLoopAsync(state, changed));
        return new Unwatch(this, state);
    }

    public IReadOnlyList<SecretStatus> Status() =>
        [.. _watched.Values.OrderBy(w => w.Reference.ToString(), StringComparer.Ordinal).Select(w => w.Status())];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var state in _watched.Values)
        {
            await state.StopAsync();
        }

        _stopping.Dispose();
    }

    private ISecretBackend BackendOf(SecretReference reference) => reference.Store == SecretStoreKind.KeyVault ? _keyVault : _files;

    private TimeSpan IntervalOf(SecretReference reference) =>
        reference.Store == SecretStoreKind.KeyVault ? _options.PollInterval : _options.FilePollInterval;

    private async Task<T> AuditedAsync<T>(SecretReference reference, string component, string operation, Func<Task<T>> access, Func<T, string?> versionOf)
    {
        try
        {
            var result = await access();
            Record(reference, component, operation, "ok", versionOf(result));
            return result;
        }
        catch (SecretStoreException ex)
        {
            Record(reference, component, operation, ex.Outcome, null);
            throw;
        }
        catch (OperationCanceledException)
        {
            Record(reference, component, operation, "cancelled", null);
            throw;
        }
    }

    private void Record(SecretReference reference, string component, string operation, string outcome, string? version)
    {
        var secret = reference.ToString();
        var store = reference.Store.ToString();
        _audit.Add(new SecretAccessRecord(_time.GetUtcNow(), _silo, secret, version, store, component, operation, outcome));
        _metrics.Read(secret, outcome);
        SecretStoreLog.Accessed(_logger, operation, secret, store, component, _silo, outcome, version ?? "-");
    }

    private async Task WatchLoopAsync(WatchState state, Func<SecretValue, CancellationToken, Task> changed)
    {
        var interval = IntervalOf(state.Reference);
        // Retry soon (a tenth of the interval, at least 100 ms), then back off by doubling up to RetryBackoff.
        var firstRetry = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, interval.Ticks / 10));
        var retry = firstRetry;
        var failing = false;
        var wait = interval;
        var token = state.Stop.Token;
        while (!token.IsCancellationRequested)
        {
            state.NextCheck = _time.GetUtcNow() + wait;
            try
            {
                await Task.Delay(wait, _time, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            SecretValue latest;
            try
            {
                latest = await BackendOf(state.Reference).GetAsync(state.Reference, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (SecretStoreException ex)
            {
                Record(state.Reference, state.Component, "refresh", ex.Outcome, null);
                failing = true;
                wait = retry;
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, Math.Max(_options.RetryBackoff.Ticks, interval.Ticks)));
                // Logged before the status shows it: whoever sees the error in the status finds it in the log too.
                SecretStoreLog.RefreshFailed(_logger, state.Reference.ToString(), state.Component, ex.Message, state.Current.Version, wait);
                _metrics.Reachable(state.Reference.ToString(), reachable: false);
                state.LastCheck = _time.GetUtcNow();
                state.LastError = ex.Message;
                continue;
            }

            state.LastCheck = _time.GetUtcNow();
            _metrics.Reachable(state.Reference.ToString(), reachable: true);
            if (failing)
            {
                failing = false;
                retry = firstRetry;
                SecretStoreLog.RefreshRecovered(_logger, state.Reference.ToString(), state.Component);
                state.LastError = null;
            }

            wait = interval;
            var isNew = latest.Version != state.Current.Version && !state.Refused.Contains(latest.Version);
            Record(state.Reference, state.Component, "refresh", isNew ? "ok" : "unchanged", latest.Version);
            if (isNew)
            {
                await ApplyAsync(state, latest, changed, token);
            }
        }
    }

    private async Task ApplyAsync(WatchState state, SecretValue latest, Func<SecretValue, CancellationToken, Task> changed, CancellationToken token)
    {
        var secret = state.Reference.ToString();
        try
        {
            await changed(latest, token);
            SecretStoreLog.Rotated(_logger, secret, latest.Version, state.Component, state.Current.Version);
            _metrics.Rotated(secret);
            state.Current = latest;
            state.LastRotation = _time.GetUtcNow();
            state.LastError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            // The consumer's message describes the value's shape (not PEM, no key, bad JSON), never the value.
            state.Refused.Add(latest.Version);
            state.LastError = $"version {latest.Version} could not be applied: {ex.Message}";
            _metrics.RotationFailed(secret);
            SecretStoreLog.RotationFailed(_logger, secret, latest.Version, state.Component, state.Current.Version, ex.Message);
        }
    }

    private sealed class WatchState(SecretReference reference, string component, SecretValue current, DateTimeOffset now, CancellationTokenSource stop)
    {
        public SecretReference Reference { get; } = reference;
        public string Component { get; } = component;
        public CancellationTokenSource Stop { get; } = stop;
        public HashSet<string> Refused { get; } = new(StringComparer.Ordinal);
        public volatile SecretValue Current = current;
        public DateTimeOffset LastCheck { get; set; } = now;
        public DateTimeOffset NextCheck { get; set; } = now;
        public DateTimeOffset? LastRotation { get; set; }
        public string? LastError { get; set; }
        public Task Loop { get; set; } = Task.CompletedTask;

        public SecretStatus Status() => new(
            Reference.ToString(), Reference.Store.ToString(), Component, Current.Version, Current.CreatedOn, LastRotation, LastCheck, NextCheck, LastError);

        public async Task StopAsync()
        {
            await Stop.CancelAsync();
            try
            {
                await Loop;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private sealed class Unwatch(SecretStore store, WatchState state) : IDisposable
    {
        public void Dispose()
        {
            store._watched.TryRemove(new KeyValuePair<(SecretReference, string), WatchState>((state.Reference, state.Component), state));
            state.Stop.Cancel();
        }
    }
}
