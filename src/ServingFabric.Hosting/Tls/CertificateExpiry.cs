using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ServingFabric.Contracts.Security.Tls;

namespace ServingFabric.Hosting.Tls;

/// <summary>
/// When each certificate the silo presents stops being valid, exported as
/// <c>servingfabric_certificate_not_after_seconds{setting,path}</c> (Unix time, following reloads) so an alert fires
/// days before a gateway or silo certificate expires, naming the file to replace. Meter <see cref="MeterName"/>, one per
/// process; a certificate is tracked by its setting and file, so silos hosted in one process (tests) keep their own.
/// </summary>
internal static class CertificateExpiry
{
    public const string MeterName = "ServingFabric.Certificates";

    private static readonly ConcurrentDictionary<(string Setting, string Path), ReloadingCertificate> Certificates = new();
    private static readonly Meter Meter = new(MeterName);

    static CertificateExpiry() =>
        Meter.CreateObservableGauge(
            "servingfabric.certificate.not_after",
            () => Certificates.Select(c => new Measurement<double>(
                new DateTimeOffset(c.Value.Current.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), new KeyValuePair<string, object?>("setting", c.Key.Setting), new KeyValuePair<string, object?>("path", c.Key.Path))),
            "s",
            "When the certificate named by the setting expires (Unix time); follows reloads.");

    public static void Track(string setting, ReloadingCertificate certificate) => Certificates[(setting, certificate.File ?? string.Empty)] = certificate;
}
