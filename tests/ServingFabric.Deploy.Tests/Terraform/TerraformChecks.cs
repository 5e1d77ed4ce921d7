using System.Text.Json;

namespace ServingFabric.Deploy.Tests.Terraform;

/// <summary>
/// The rules deploy/terraform keeps, as functions from the parsed configuration (and the manifests) to the list of what
/// breaks them, empty when kept; the tests run them on the real folder and on broken copies.
/// </summary>
internal static class TerraformChecks
{
    public static readonly string[] Zones = ["1", "2", "3"];

    /// <summary>Labels the manifests may select nodes by that every AKS node has.</summary>
    private static readonly string[] WellKnownNodeLabels = ["topology.kubernetes.io/zone", "topology.kubernetes.io/region", "kubernetes.io/hostname", "kubernetes.io/os", "kubernetes.io/arch", "node.kubernetes.io/instance-type"];

    /// <summary>The system pool and every user pool span zones 1, 2 and 3.</summary>
    public static IEnumerable<string> PoolZones(TerraformConfiguration tf)
    {
        var pools = tf.Resources("azurerm_kubernetes_cluster").Select(c => (Where: $"{c} default_node_pool", Body: Block(c.Body, "default_node_pool")))
            .Concat(tf.Resources("azurerm_kubernetes_cluster_node_pool").Select(p => (Where: p.ToString(), Body: (JsonElement?)p.Body))).ToList();
        if (pools.Count < 2)
        {
            yield return $"expected a cluster with its system pool and a user pool, found {pools.Count} pools";
        }

        foreach (var (where, body) in pools)
        {
            var zones = tf.Resolve(Attribute(body, "zones"));
            var values = zones is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().Select(z => z.ToString()).ToArray() : null;
            if (values is null || !values.Order(StringComparer.Ordinal).SequenceEqual(Zones))
            {
                yield return $"{where}: zones are {(values is null ? "not a list of zones" : $"[{string.Join(", ", values)}]")}, expected [1, 2, 3]";
            }
        }
    }

    /// <summary>
    /// The system pool takes only add-ons; the user pools' labels and taints (local.user_node_pools) are what the pool
    /// resource applies; the GPU pool carries local.gpu_node_taint; manifests select pools only by labels a pool has and
    /// tolerate nvidia.com/gpu only as that taint says; every workload that asks for a GPU tolerates it.
    /// </summary>
    public static IEnumerable<string> PoolsAndManifests(TerraformConfiguration tf, IReadOnlyList<NodeSelection> selections, IReadOnlyList<Toleration> tolerations, IEnumerable<(string Where, IReadOnlyList<Toleration> Tolerations)> gpuWorkloads)
    {
        foreach (var cluster in tf.Resources("azurerm_kubernetes_cluster").Where(c => Attribute(Block(c.Body, "default_node_pool"), "only_critical_addons_enabled") is not { ValueKind: JsonValueKind.True }))
        {
            yield return $"{cluster}: the system pool must set only_critical_addons_enabled = true so silos land on the inference pool";
        }

        var pool = tf.Resources("azurerm_kubernetes_cluster_node_pool").FirstOrDefault();
        var pools = tf.Local("user_node_pools");
        if (pool is null || pools is not { ValueKind: JsonValueKind.Object })
        {
            yield return "no azurerm_kubernetes_cluster_node_pool over local.user_node_pools";
            yield break;
        }

        foreach (var (attribute, expected) in new[] { ("for_each", "local.user_node_pools"), ("node_labels", "${each.value.labels}"), ("node_taints", "${each.value.taints}") })
        {
            if (Attribute(pool.Body, attribute)?.ToString() is not { } actual || !actual.Contains(expected, StringComparison.Ordinal))
            {
                yield return $"{pool}: {attribute} must come from {expected}";
            }
        }

        var taint = tf.ResolveText(tf.Local("gpu_node_taint"));
        var (key, value, effect) = ParseTaint(taint);
        if (key != "nvidia.com/gpu" || effect is not ("NoSchedule" or "NoExecute"))
        {
            yield return $"local.gpu_node_taint is '{taint}', expected nvidia.com/gpu=<value>:NoSchedule";
        }

        var labels = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal) { ["kubernetes.azure.com/agentpool"] = ["system"] };
        foreach (var entry in pools.Value.EnumerateObject())
        {
            labels["kubernetes.azure.com/agentpool"].Add(entry.Name);
            foreach (var label in entry.Value.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object ? l.EnumerateObject() : Enumerable.Empty<JsonProperty>())
            {
                (labels.TryGetValue(label.Name, out var set) ? set : labels[label.Name] = []).Add(label.Value.ToString());
            }

            var taints = entry.Value.TryGetProperty("taints", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => tf.ResolveText(x)).ToList() : [];
            if (entry.Name == "gpu" ? !taints.SequenceEqual([taint]) : taints.Count != 0)
            {
                yield return $"local.user_node_pools.{entry.Name} taints are [{string.Join(", ", taints)}], expected {(entry.Name == "gpu" ? $"[{taint}]" : "none")}";
            }
        }

        if (!pools.Value.TryGetProperty("inference", out _) || !pools.Value.TryGetProperty("gpu", out _))
        {
            yield return "local.user_node_pools must define the inference and gpu pools";
        }

        foreach (var selection in selections.Where(s => !WellKnownNodeLabels.Contains(s.Key)))
        {
            if (!labels.TryGetValue(selection.Key, out var values) || selection.Values.Any(v => !values.Contains(v)))
            {
                yield return $"{selection.Where}: selects nodes by {selection.Key} in [{string.Join(", ", selection.Values)}], which no Terraform pool labels (pools: {string.Join("; ", labels.Select(l => $"{l.Key} in [{string.Join(", ", l.Value)}]"))})";
            }
        }

        foreach (var toleration in tolerations.Where(t => t.Key == key && !Tolerates(t, key, value, effect)))
        {
            yield return $"{toleration.Where}: toleration of {toleration.Key} ({toleration.Operator} {toleration.Value} {toleration.Effect}) does not tolerate the GPU pool's taint {taint}";
        }

        foreach (var (where, podTolerations) in gpuWorkloads.Where(w => !w.Tolerations.Any(t => Tolerates(t, key, value, effect))))
        {
            yield return $"{where} asks for nvidia.com/gpu but does not tolerate the GPU pool's taint {taint}";
        }
    }

    /// <summary>Whether a toleration lets a pod onto nodes with the taint key=value:effect (Kubernetes' matching rules).</summary>
    public static bool Tolerates(Toleration toleration, string? key, string? value, string? effect) =>
        (toleration.Key is null || toleration.Key == key)
        && (toleration.Effect is null or "" || toleration.Effect == effect)
        && (toleration.Operator == "Exists" || (toleration.Key is not null && (toleration.Value ?? "") == (value ?? "")));

    public static (string? Key, string? Value, string? Effect) ParseTaint(string? taint)
    {
        if (taint?.Split(':') is not [var keyValue, var effect])
        {
            return (null, null, null);
        }

        return keyValue.Split('=') is [var key, var value] ? (key, value, effect) : (keyValue, null, effect);
    }

    internal static JsonElement? Block(JsonElement? body, string name) =>
        Attribute(body, name) is { ValueKind: JsonValueKind.Array } blocks && blocks.GetArrayLength() > 0 ? blocks[0] : null;

    internal static JsonElement? Attribute(JsonElement? body, string name) =>
        body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty(name, out var value) ? value : null;
}
