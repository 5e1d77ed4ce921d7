using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ServingFabric.Contracts.Security.Tls;

namespace ServingFabric.Hosting.Tls;

/// <summary>
/// When each certificate the silo presents stops being valid, exported as
/// <c>servingfabric_certificate_not_after_seconds{setting}</c> (Unix time, following reloads) so an alert fires days
/// before a gateway or silo certificate expires. Meter <see cref="MeterName"/>, one per process.
/// </summary>
internal static class CertificateExpiry
{
    public const string MeterName = "ServingFabric.Certificates";

    private static readonly ConcurrentDictionary<string, ReloadingCertificate> Certificates = new(StringComparer.Ordinal);
    private static readonly Meter Meter = new(MeterName);

    static CertificateExpiry() =>
        Meter.CreateObservableGauge(
            "servingfabric.certificate.not_after",
            () => Certificates.Select(c => new Measurement<double>(
                new DateTimeOffset(c.Value.Current.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), new KeyValuePair<string, object?>("setting", c.Key))),
            "s",
            "When the certificate named by the setting expires (Unix time); follows reloads.");

    public static void Track(string setting, ReloadingCertificate certificate) => Certificates[setting] = certificate;
}
