using System.Net;
using YamlDotNet.RepresentationModel;

namespace ServingFabric.Deploy.Tests;

/// <summary>A pod (or an address outside the cluster when <see cref="Address"/> is set) as NetworkPolicies see it.</summary>
internal sealed record Endpoint(
    string Namespace, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> NamespaceLabels,
    IReadOnlyDictionary<string, int> NamedPorts, IPAddress? Address = null)
{
    public bool IsPod => Address is null;
}

/// <summary>
/// Evaluates rendered <c>networking.k8s.io/v1</c> NetworkPolicies the way the API defines them: a policy selects pods of
/// its own namespace by <c>podSelector</c> (empty selects all); a pod selected by no policy of a type is unrestricted in
/// that direction; otherwise a connection is allowed when some selecting policy has a rule whose peers and ports match.
/// A peer with only <c>podSelector</c> means pods of the policy's namespace; with only <c>namespaceSelector</c>, every
/// pod of matching namespaces; with both, matching pods in matching namespaces; <c>ipBlock</c> matches addresses outside
/// the cluster. No <c>from</c>/<c>to</c> matches everything; no <c>ports</c> matches every port; protocol defaults to TCP;
/// a named port resolves through the destination pod's container ports. A connection needs the source's egress and the
/// destination's ingress.
/// </summary>
internal sealed class NetworkPolicyEvaluator(IReadOnlyList<YamlMappingNode> documents)
{
    private readonly IReadOnlyList<YamlMappingNode> _policies = [.. documents.Where(d => d.Kind() == "NetworkPolicy")];

    public bool Allows(Endpoint source, Endpoint destination, int port, string protocol = "TCP") =>
        (!source.IsPod || DirectionAllows(source, "Egress", "egress", "to", destination, destination, port, protocol))
        && (!destination.IsPod || DirectionAllows(destination, "Ingress", "ingress", "from", source, destination, port, protocol));

    private bool DirectionAllows(Endpoint subject, string type, string rulesKey, string peersKey, Endpoint peer, Endpoint destination, int port, string protocol)
    {
        var selecting = _policies.Where(p => Namespace(p) == subject.Namespace && Matches(p.Get("spec", "podSelector"), subject.Labels) && HasType(p, type)).ToList();
        if (selecting.Count == 0)
        {
            return true;
        }

        return selecting.Any(policy => policy.Items("spec", rulesKey).Any(rule =>
            PeersMatch(rule, peersKey, Namespace(policy), peer) && PortsMatch(rule, destination, port, protocol)));
    }

    private static bool HasType(YamlMappingNode policy, string type)
    {
        var types = policy.Items("spec", "policyTypes").Select(t => ((YamlScalarNode)t).Value).ToList();
        // Without policyTypes, Ingress always applies and Egress only when egress rules are present.
        return types.Count > 0 ? types.Contains(type) : type == "Ingress" || policy.Get("spec", "egress") is not null;
    }

    private static bool PeersMatch(YamlNode rule, string peersKey, string policyNamespace, Endpoint peer)
    {
        if (rule.Get(peersKey) is not YamlSequenceNode peers)
        {
            return true;
        }

        return peers.Any(p =>
        {
            if (p.Get("ipBlock") is { } block)
            {
                return !peer.IsPod && InCidr(peer.Address!, block.Text("cidr")!) && !block.Items("except").Any(e => InCidr(peer.Address!, ((YamlScalarNode)e).Value!));
            }

            if (!peer.IsPod)
            {
                return false;
            }

            var pods = p.Get("podSelector");
            var namespaces = p.Get("namespaceSelector");
            var namespaceOk = namespaces is null ? peer.Namespace == policyNamespace : Matches(namespaces, peer.NamespaceLabels);
            return namespaceOk && (pods is null || Matches(pods, peer.Labels));
        });
    }

    private static bool PortsMatch(YamlNode rule, Endpoint destination, int port, string protocol)
    {
        if (rule.Get("ports") is not YamlSequenceNode ports)
        {
            return true;
        }

        return ports.Any(p =>
        {
            if ((p.Text("protocol") ?? "TCP") != protocol)
            {
                return false;
            }

            var text = p.Text("port");
            if (text is null)
            {
                return true;
            }

            return int.TryParse(text, out var number) ? number == port : destination.NamedPorts.TryGetValue(text, out var named) && named == port;
        });
    }

    private static bool Matches(YamlNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return false;
        }

        foreach (var (key, value) in (selector.Get("matchLabels") as YamlMappingNode)?.Children.AsEnumerable() ?? [])
        {
            if (!labels.TryGetValue(((YamlScalarNode)key).Value!, out var actual) || actual != ((YamlScalarNode)value).Value)
            {
                return false;
            }
        }

        foreach (var expression in selector.Items("matchExpressions"))
        {
            var key = expression.Text("key")!;
            var values = expression.Items("values").Select(v => ((YamlScalarNode)v).Value).ToList();
            var has = labels.TryGetValue(key, out var actual);
            var ok = expression.Text("operator") switch
            {
                "In" => has && values.Contains(actual),
                "NotIn" => !has || !values.Contains(actual),
                "Exists" => has,
                "DoesNotExist" => !has,
                var other => throw new NotSupportedException($"selector operator {other}"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static string Namespace(YamlMappingNode policy) => policy.Text("metadata", "namespace") ?? "default";

    private static bool InCidr(IPAddress address, string cidr)
    {
        var network = IPNetwork.Parse(cidr);
        return network.Contains(address);
    }
}
