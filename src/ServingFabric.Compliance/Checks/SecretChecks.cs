using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Checks;

/// <summary>SECRET-1 .. SECRET-4: secrets in a secret manager, none in configuration, rotated, access audited.</summary>
internal static class SecretChecks
{
    private const string Area = "Secret management";
    public static readonly TimeSpan MaximumRotationAge = TimeSpan.FromDays(90);
    private static readonly string[] SecretVolumeKinds = ["secret", "csi"];

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("SECRET-1", Area, "Secrets held in a secret manager", InSecretManager),
        new("SECRET-2", Area, "No secrets in code or configuration", NotInConfiguration),
        new("SECRET-3", Area, "Secrets rotated regularly", Rotated),
        new("SECRET-4", Area, "Secret access logged", AccessLogged),
    ];

    internal static Verdict InSecretManager(EvidenceSet e)
    {
        var lines = new List<string>();
        if (e.Fabric.Secrets.Value is { } live)
        {
            lines.AddRange(live.Secrets.Select(s => $"{live.Silo}: {s.Reference} from {s.Store} for {s.Component}, version {s.Version} (GET /v1/secrets)"));
        }

        foreach (var workload in e.Deployment.Manifests.Value?.Where(m => m.IsWorkload) ?? [])
        {
            var volumes = workload.Root.ItemsAt("spec", "template", "spec", "volumes").Where(v => SecretVolumeKinds.Any(k => v.At(k) is not null));
            lines.AddRange(volumes.Select(v => $"{workload}: volume {v.TextAt("name")} from {(v.At("csi") is not null ? $"CSI driver {v.TextAt("csi", "driver")}" : $"Secret {v.TextAt("secret", "secretName")}")}"));
        }

        if (!e.Fabric.Secrets.IsAvailable && !e.Deployment.Manifests.IsAvailable)
        {
            return Missing.Source(e.Fabric.Secrets, $"{Missing.LiveFabric}, or {Missing.Manifests}");
        }

        return Verdict.PassIf(lines.Count > 0, "secrets come from a secret store by reference (mounted Secret/CSI volumes, Key Vault or files), never inline",
            "no secret is read by reference: neither /v1/secrets nor the manifests show a secret store", lines);
    }

    internal static Verdict NotInConfiguration(EvidenceSet e)
    {
        var files = e.Deployment.JudgedFiles;
        if (files.Count == 0)
        {
            return Verdict.NotEvidenced("no configuration file was read", Missing.Manifests);
        }

        var found = files.SelectMany(f => LiteralSecrets.Find(f.Value).Select(x => $"{f.Key}:{x.Line}: {x.Kind}")).ToList();
        return Verdict.PassIf(found.Count == 0, $"no literal secret in the {files.Count} configuration files read (manifests, Terraform, rules, dashboards)",
            $"{found.Count} literal secrets in configuration", found.Count > 0 ? found : [$"{files.Count} files scanned"]);
    }

    internal static Verdict Rotated(EvidenceSet e)
    {
        if (!e.Fabric.Secrets.IsAvailable)
        {
            return Missing.Source(e.Fabric.Secrets, Missing.LiveFabric);
        }

        var secrets = e.Fabric.Secrets.Value.Secrets;
        if (secrets.Count == 0)
        {
            return Verdict.NotEvidenced("the silo reads no secret by reference, so there is no rotation to measure", "a silo configured with secret references (kv://, file:)");
        }

        var lines = new List<string>();
        var stale = new List<string>();
        foreach (var secret in secrets)
        {
            var since = secret.LastRotation ?? secret.VersionCreatedOn;
            var age = since is { } at ? e.GatheredAt - at : (TimeSpan?)null;
            lines.Add($"{secret.Reference} ({secret.Component}): version {secret.Version}, " + (age is { } a ? $"{a.TotalDays:0} days since rotation" : "rotation date unknown") +
                (secret.LastError is null ? "" : $", last error: {secret.LastError}"));
            if (age is null || age > MaximumRotationAge)
            {
                stale.Add(secret.Reference);
            }
        }

        return Verdict.PassIf(stale.Count == 0, $"every secret's current version is at most {MaximumRotationAge.TotalDays} days old and rotation is picked up without restart",
            $"secrets older than {MaximumRotationAge.TotalDays} days or of unknown age: {string.Join(", ", stale)}", lines);
    }

    internal static Verdict AccessLogged(EvidenceSet e)
    {
        if (!e.Fabric.SecretAudit.IsAvailable)
        {
            return Missing.Source(e.Fabric.SecretAudit, Missing.LiveFabric);
        }

        var audit = e.Fabric.SecretAudit.Value;
        var lines = audit.Records.Take(10).Select(r => $"{r.Time:u} {r.Silo} {r.Operation} {r.Secret} v{r.Version} by {r.Component}: {r.Outcome}").ToList();
        if (audit.Total == 0)
        {
            return e.Fabric.Secrets.Value is { Secrets.Count: > 0 }
                ? Verdict.Fail("secrets are read but the audit log recorded no access")
                : Verdict.NotEvidenced("no secret was accessed, so the audit log is empty", "a silo configured with secret references (kv://, file:)");
        }

        return Verdict.Pass($"{audit.Total} secret accesses audited on {audit.Silo} (time, secret, version, component, outcome; never values)", lines);
    }
}
