using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ServingFabric.Contracts.Security.Tls;

/// <summary>
/// A certificate read from files and read again when they change, for TLS certificate selectors: each handshake asks
/// for <see cref="Current"/>, which looks at the files at most once per <see cref="CheckInterval"/>. Connections already
/// open keep the certificate they started with. A changed file that cannot be used (half written, expired, wrong key)
/// leaves the previous certificate in place and is reported once through the failure callback. Intermediates after the
/// leaf in the certificate file are kept with it (<see cref="CurrentContext"/>), so servers send the whole chain.
/// </summary>
public sealed class ReloadingCertificate
{
    /// <summary>How often the files are looked at, at most.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly CertificateFileOptions _files;
    private readonly string _setting;
    private readonly CertificateUsage _usages;
    private readonly TimeProvider _time;
    private readonly Action<X509Certificate2> _reloaded;
    private readonly Action<CertificateFileException> _reloadFailed;
    private readonly Lock _gate = new();
    private Loaded _current;
    private string _stamp;
    private long _nextCheck;

    /// <summary>Loads the certificate now; throws <see cref="CertificateFileException"/> when it cannot be used.</summary>
    /// <param name="files">The certificate files.</param>
    /// <param name="setting">The configuration section, for messages.</param>
    /// <param name="usages">The TLS roles the certificate must allow.</param>
    /// <param name="time">The clock for validity and the check interval.</param>
    /// <param name="reloaded">Called with the new certificate after a change was loaded.</param>
    /// <param name="reloadFailed">Called when a change could not be loaded (the previous certificate stays).</param>
    public ReloadingCertificate(
        CertificateFileOptions files, string setting, CertificateUsage usages, TimeProvider time,
        Action<X509Certificate2>? reloaded = null, Action<CertificateFileException>? reloadFailed = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(time);
        _files = files;
        _setting = setting;
        _usages = usages;
        _time = time;
        _reloaded = reloaded ?? (_ => { });
        _reloadFailed = reloadFailed ?? (_ => { });
        _stamp = Stamp();
        _current = Load();
        _nextCheck = time.GetTimestamp() + Ticks(CheckInterval);
    }

    /// <summary>The certificate file this follows.</summary>
    public string? File => _files.Path;

    /// <summary>The certificate to present now, reloaded first when its files changed.</summary>
    public X509Certificate2 Current
    {
        get
        {
            var now = _time.GetTimestamp();
            if (now >= Volatile.Read(ref _nextCheck))
            {
                CheckForChange(now);
            }

            return Volatile.Read(ref _current).Certificate;
        }
    }

    /// <summary>
    /// The certificate to present now with the intermediates from its file, for servers (<c>ServerCertificateContext</c>):
    /// peers that trust only the root can then build the chain. Reloaded like <see cref="Current"/>.
    /// </summary>
    public SslStreamCertificateContext CurrentContext
    {
        get
        {
            _ = Current;
            return Volatile.Read(ref _current).Context;
        }
    }

    private void CheckForChange(long now)
    {
        // One handshake looks at the files; the others meanwhile present the current certificate.
        if (!_gate.TryEnter())
        {
            return;
        }

        try
        {
            Volatile.Write(ref _nextCheck, now + Ticks(CheckInterval));
            var stamp = Stamp();
            if (stamp == _stamp)
            {
                return;
            }

            // Remembered before loading, so a broken file is reported once, not at every check; fixing it changes the stamp.
            _stamp = stamp;
            Loaded loaded;
            try
            {
                loaded = Load();
            }
            catch (CertificateFileException ex)
            {
                _reloadFailed(ex);
                return;
            }

            // The previous certificate is not disposed: handshakes that picked it may still be using it.
            Volatile.Write(ref _current, loaded);
            _reloaded(loaded.Certificate);
        }
        finally
        {
            _gate.Exit();
        }
    }

    private Loaded Load()
    {
        var certificate = CertificateFiles.Load(_files, _setting, _usages, _time.GetUtcNow());
        try
        {
            var intermediates = CertificateFiles.LoadIntermediates(_files, certificate, _setting);

            // offline: the chain is built from the file's certificates and this machine's stores, without fetching issuers.
            return new Loaded(certificate, SslStreamCertificateContext.Create(certificate, intermediates, offline: true));
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What identifies the files' contents cheaply: each file's final target (a Kubernetes secret volume swaps a
    /// symbolic link to a new folder), size and last write time.
    /// </summary>
    private string Stamp() => string.Join('|', new[] { _files.Path, _files.KeyPath, _files.PasswordFile }
        .Where(p => !string.IsNullOrWhiteSpace(p))
        .Select(p => StampOf(p!)));

    private static string StampOf(string path)
    {
        try
        {
            var file = new FileInfo(path);
            var target = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
            return target.Exists ? $"{target.FullName}:{target.Length}:{target.LastWriteTimeUtc.Ticks}" : $"{path}:missing";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{path}:unreadable";
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>A loaded certificate with its chain, swapped as one.</summary>
    private sealed record Loaded(X509Certificate2 Certificate, SslStreamCertificateContext Context);
}
