using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Compliance.Checks;

/// <summary>SEC-1 .. SEC-4: network isolation, authorized access only, network policies, TLS.</summary>
internal static class SecurityChecks
{
    private const string Area = "Security";
    public static readonly TimeSpan MinimumCertificateLife = TimeSpan.FromDays(14);

    public static IEnumerable<ComplianceCheck> All() =>
    [
        new("SEC-1", Area, "Serving infrastructure on an isolated network", Isolated),
        new("SEC-2", Area, "Only authorized access (unauthenticated calls refused)", AuthorizedOnly),
        new("SEC-3", Area, "Network policies restrict traffic to the serving pods", NetworkPolicies),
        new("SEC-4", Area, "TLS encryption with a valid certificate", Tls),
    ];

    internal static Verdict Isolated(EvidenceSet e) => WithPolicies(e, policies =>
    {
        var denyAll = policies.Where(p => p.Root.At("spec", "podSelector") is YamlMappingNode { Children.Count: 0 }
            && p.Root.ItemsAt("spec", "policyTypes").OfType<YamlScalarNode>().Select(t => t.Value).ToHashSet() is var types
            && types.Contains("Ingress") && types.Contains("Egress")
            && !p.Root.ItemsAt("spec", "ingress").Any() && !p.Root.ItemsAt("spec", "egress").Any()).ToList();
        return Verdict.PassIf(denyAll.Count > 0, $"default-deny ingress and egress for every pod of the namespace ({string.Join(", ", denyAll.Select(p => p.Name))}); only named flows are opened",
            "no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules): pods accept and send anything", policies.Select(p => p.ToString()));
    });

    internal static Verdict NetworkPolicies(EvidenceSet e) => WithPolicies(e, policies =>
    {
        var allowing = policies.Where(p => p.Root.ItemsAt("spec", "ingress").Any()).ToList();
        var lines = allowing.Select(p => $"{p}: ingress from {string.Join("; ", p.Root.ItemsAt("spec", "ingress").Select(Sources))}").ToList();
        var open = allowing.Where(p => p.Root.ItemsAt("spec", "ingress").Any(rule => !rule.ItemsAt("from").Any() && !rule.ItemsAt("ports").Any())).ToList();
        return Verdict.PassIf(allowing.Count > 0 && open.Count == 0, $"{allowing.Count} policies open only named sources and ports",
            allowing.Count == 0 ? "no NetworkPolicy allows any ingress: either nothing can reach the gateway or no policy governs it" : $"policies with a rule open to every source and port: {string.Join(", ", open.Select(p => p.Name))}", lines);
    });

    internal static Verdict AuthorizedOnly(EvidenceSet e)
    {
        if (!e.Fabric.AnonymousAccess.IsAvailable)
        {
            return Missing.Source(e.Fabric.AnonymousAccess, "a reachable gateway (--url)");
        }

        var calls = e.Fabric.AnonymousAccess.Value;
        var lines = calls.Select(c => $"without credentials: {c.Request} → {c.Status} {c.Body}").ToList();
        // Only 401/403 is a refusal: a 400 or 404 means the call got past authentication to the endpoint itself.
        var admitted = calls.Where(c => c.Status is not (401 or 403)).ToList();
        if (calls.Count == 0)
        {
            return Verdict.NotEvidenced("no unauthenticated call could be made", "a reachable gateway (--url)");
        }

        return Verdict.PassIf(admitted.Count == 0, $"all {calls.Count} calls without credentials were refused (401/403)",
            $"calls without credentials were not refused with 401/403: {string.Join(", ", admitted.Select(c => $"{c.Request} → {c.Status}"))}", lines);
    }

    internal static Verdict Tls(EvidenceSet e)
    {
        if (e.Fabric.Url.Scheme != Uri.UriSchemeHttps)
        {
            return Verdict.Fail($"the gateway audited ({e.Fabric.Url}) serves plain HTTP: requests and keys travel unencrypted",
                ["give the HTTPS address of the gateway (ServingFabric:Gateway:Url=https://..., with ServingFabric:Gateway:Certificate)"]);
        }

        if (!e.Fabric.Tls.IsAvailable)
        {
            return Missing.Source(e.Fabric.Tls, "a completed TLS handshake with the gateway");
        }

        var tls = e.Fabric.Tls.Value;
        var left = tls.NotAfter - e.GatheredAt;
        var modern = tls.Protocol is "Tls12" or "Tls13";
        var trusted = tls.ValidationErrors == "None";
        return Verdict.PassIf(modern && trusted && left >= MinimumCertificateLife,
            $"{tls.Protocol}, certificate valid for {left.TotalDays:0} more days",
            !modern ? $"the handshake used {tls.Protocol} (TLS 1.2 or 1.3 required)"
            : !trusted ? $"the certificate does not validate for {e.Fabric.Url.Host}: {tls.ValidationErrors}" : $"the certificate expires in {left.TotalDays:0.0} days (under {MinimumCertificateLife.TotalDays} days)",
            [$"handshake with {e.Fabric.Url.Host}: {tls.Protocol}, certificate {tls.Subject}, not after {tls.NotAfter:u}, validation {tls.ValidationErrors}"]);
    }

    private static string Sources(YamlNode rule)
    {
        var from = rule.ItemsAt("from").Select(f => f is YamlMappingNode m ? string.Join("+", m.Children.Keys) : "?");
        var ports = rule.ItemsAt("ports").Select(p => p.TextAt("port") ?? "any");
        return $"[{string.Join(", ", from)}] ports [{string.Join(", ", ports)}]";
    }

    private static Verdict WithPolicies(EvidenceSet e, Func<IReadOnlyList<ManifestDocument>, Verdict> judge)
    {
        if (!e.Deployment.Manifests.IsAvailable)
        {
            return Missing.Source(e.Deployment.Manifests, Missing.Manifests);
        }

        var policies = e.Deployment.Manifests.Value.Where(m => m.Kind == "NetworkPolicy").ToList();
        return policies.Count == 0 ? Verdict.Fail("the manifests hold no NetworkPolicy: every pod can reach every other") : judge(policies);
    }
}
