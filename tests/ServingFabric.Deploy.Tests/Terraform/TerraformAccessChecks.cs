using System.Text.Json;
using System.Text.RegularExpressions;
using static ServingFabric.Deploy.Tests.Terraform.TerraformChecks;

namespace ServingFabric.Deploy.Tests.Terraform;

/// <summary>Identity, access, variables and outputs of deploy/terraform, as lists of what breaks the rules.</summary>
internal static partial class TerraformAccessChecks
{
    /// <summary>The outputs deploy/kubernetes takes (README: where each goes).</summary>
    public static readonly string[] ManifestOutputs = ["workload_identity_client_id", "tenant_id", "oidc_issuer_url", "storage_table_endpoint", "storage_blob_endpoint", "models_container_url", "key_vault_name", "key_vault_uri", "storage_tables"];

    /// <summary>The identity trusts exactly the silos' service account, through the cluster's OIDC issuer.</summary>
    public static IEnumerable<string> WorkloadIdentity(TerraformConfiguration tf, string kubernetesNamespace, string serviceAccount)
    {
        var expected = $"system:serviceaccount:{kubernetesNamespace}:{serviceAccount}";
        var credentials = tf.Resources("azurerm_federated_identity_credential").ToList();
        if (credentials.Count != 1)
        {
            yield return $"expected one azurerm_federated_identity_credential, found {credentials.Count}";
        }

        foreach (var credential in credentials)
        {
            var subject = tf.ResolveText(Attribute(credential.Body, "subject"));
            if (subject != expected)
            {
                yield return $"{credential}: subject is '{subject}', the silos run as {expected} (deploy/kubernetes)";
            }

            if (Attribute(credential.Body, "audience")?.ToString() != "[\"api://AzureADTokenExchange\"]")
            {
                yield return $"{credential}: audience must be [\"api://AzureADTokenExchange\"]";
            }

            Expect(credential, "issuer", "${azurerm_kubernetes_cluster.", ".oidc_issuer_url}", out var issuer);
            Expect(credential, "parent_id", "${azurerm_user_assigned_identity.", ".id}", out var parent);
            foreach (var problem in new[] { issuer, parent }.OfType<string>())
            {
                yield return problem;
            }
        }

        foreach (var cluster in tf.Resources("azurerm_kubernetes_cluster"))
        {
            foreach (var flag in new[] { "oidc_issuer_enabled", "workload_identity_enabled" }.Where(f => Attribute(cluster.Body, f) is not { ValueKind: JsonValueKind.True }))
            {
                yield return $"{cluster}: {flag} must be true";
            }
        }
    }

    /// <summary>The identity holds the table, blob and secret roles on the account, container and vault; shared key is off; the vault uses RBAC.</summary>
    public static IEnumerable<string> Access(TerraformConfiguration tf)
    {
        var roles = tf.Resources("azurerm_role_assignment")
            .Where(r => Attribute(r.Body, "principal_id")?.ToString() is { } p && p.StartsWith("${azurerm_user_assigned_identity.", StringComparison.Ordinal))
            .Select(r => (Role: tf.ResolveText(Attribute(r.Body, "role_definition_name")), Scope: Attribute(r.Body, "scope")?.ToString() ?? "")).ToList();
        var required = new[]
        {
            ("Storage Table Data Contributor", "azurerm_storage_account."),
            ("Storage Blob Data Reader|Storage Blob Data Contributor", "azurerm_storage_"),
            ("Key Vault Secrets User", "azurerm_key_vault."),
        };
        foreach (var (role, scope) in required.Where(r => !roles.Any(a => a.Role is not null && r.Item1.Split('|').Contains(a.Role) && a.Scope.Contains(r.Item2, StringComparison.Ordinal))))
        {
            yield return $"the identity has no '{role}' role assignment scoped to {scope.TrimEnd('.', '_')} (has: {string.Join("; ", roles.Select(a => $"{a.Role} on {a.Scope}"))})";
        }

        foreach (var account in tf.Resources("azurerm_storage_account"))
        {
            foreach (var (attribute, expected) in new[] { ("shared_access_key_enabled", "False"), ("default_to_oauth_authentication", "True"), ("min_tls_version", "TLS1_2") })
            {
                if (tf.ResolveText(Attribute(account.Body, attribute)) is var actual && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"{account}: {attribute} is {actual ?? "unset"} by default, expected {expected.ToLowerInvariant()}";
                }
            }
        }

        var tables = tf.Resources("azapi_resource").Where(r => Attribute(r.Body, "type")?.ToString()?.StartsWith("Microsoft.Storage/storageAccounts/tableServices/tables@", StringComparison.Ordinal) == true)
            .SelectMany(r => Attribute(r.Body, "for_each") is { ValueKind: JsonValueKind.Object } each ? each.EnumerateObject().Select(e => tf.ResolveText(e.Value)) : [tf.ResolveText(Attribute(r.Body, "name"))]).ToList();
        foreach (var table in new[] { "OrleansSiloInstances", "ServingFabricState" }.Where(t => !tables.Contains(t)))
        {
            yield return $"no storage table {table} (the silos' default ClusteringTableName / GrainStateTableName); tables: [{string.Join(", ", tables)}]";
        }

        if (!tf.Resources("azurerm_storage_container").Any())
        {
            yield return "no blob container for the models";
        }

        foreach (var vault in tf.Resources("azurerm_key_vault").Where(v => Attribute(v.Body, "rbac_authorization_enabled") is not { ValueKind: JsonValueKind.True }).Concat(tf.Resources("azurerm_key_vault_access_policy")))
        {
            yield return $"{vault}: the vault must use rbac_authorization_enabled = true and no access policies";
        }
    }

    /// <summary>Variables have a type and description, and a validation unless they are switches or free-form maps; outputs have descriptions.</summary>
    public static IEnumerable<string> VariablesAndOutputs(TerraformConfiguration tf)
    {
        foreach (var variable in tf.Variables())
        {
            var type = Attribute(variable.Body, "type")?.ToString();
            if (string.IsNullOrWhiteSpace(Attribute(variable.Body, "description")?.ToString()) || type is null)
            {
                yield return $"{variable}: every variable needs a type and a description";
            }

            var validations = Attribute(variable.Body, "validation") is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray().ToList() : [];
            if (validations.Count == 0 && type is not ("${bool}" or "${map(string)}"))
            {
                yield return $"{variable}: a {type} variable needs a validation block";
            }

            foreach (var validation in validations.Where(v => Attribute(v, "condition") is null || string.IsNullOrWhiteSpace(Attribute(v, "error_message")?.ToString())))
            {
                yield return $"{variable}: a validation needs a condition and an error_message";
            }
        }

        var outputs = tf.Outputs().ToList();
        foreach (var output in outputs.Where(o => string.IsNullOrWhiteSpace(Attribute(o.Body, "description")?.ToString())))
        {
            yield return $"{output}: every output needs a description";
        }

        foreach (var missing in ManifestOutputs.Where(name => outputs.All(o => o.Name != name)))
        {
            yield return $"no output {missing} (the manifests take it)";
        }
    }

    /// <summary>azurerm pinned to 4.x, managed Prometheus behind a switch that is off by default, no secret written as a literal.</summary>
    public static IEnumerable<string> ProvidersAndSecrets(TerraformConfiguration tf)
    {
        var azurerm = tf.Settings().SelectMany(s => Attribute(s, "required_providers") is { ValueKind: JsonValueKind.Array } p ? p.EnumerateArray() : [])
            .Select(p => Attribute(p, "azurerm")).FirstOrDefault(p => p is not null);
        if (Attribute(azurerm, "source")?.ToString() != "hashicorp/azurerm" || Attribute(azurerm, "version")?.ToString() is not { } version || !version.StartsWith("~> 4.", StringComparison.Ordinal))
        {
            yield return $"required_providers must pin hashicorp/azurerm to ~> 4.x (found {azurerm?.ToString() ?? "none"})";
        }

        if (tf.Default("managed_prometheus_enabled") is not { ValueKind: JsonValueKind.False }
            || !tf.Resources("azurerm_monitor_workspace").All(w => Attribute(w.Body, "count")?.ToString()?.Contains("var.managed_prometheus_enabled", StringComparison.Ordinal) == true)
            || !tf.Resources("azurerm_monitor_workspace").Any())
        {
            yield return "managed Prometheus must be an azurerm_monitor_workspace counted by var.managed_prometheus_enabled (default false)";
        }

        foreach (var block in tf.Resources().Concat(tf.Resources(kind: "data")).Concat(tf.Variables()))
        {
            foreach (var (name, value) in Leaves(block.Body, "").Where(l => SecretName().IsMatch(l.Name) && l.Value.ValueKind == JsonValueKind.String && !l.Value.GetString()!.StartsWith("${", StringComparison.Ordinal)))
            {
                yield return $"{block}: {name} is a literal '{value.GetString()![..Math.Min(4, value.GetString()!.Length)]}...': secrets come from the vault or outputs, never the configuration";
            }
        }

        foreach (var block in tf.Resources("azurerm_key_vault_secret"))
        {
            yield return $"{block}: secrets are put in the vault by the operator, not through Terraform state";
        }
    }

    private static IEnumerable<(string Name, JsonElement Value)> Leaves(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Leaves(p.Value, p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => Leaves(e, name)),
        _ => [(name, element)],
    };

    private static void Expect(TerraformBlock block, string attribute, string prefix, string suffix, out string? problem)
    {
        var value = Attribute(block.Body, attribute)?.ToString() ?? "";
        problem = value.StartsWith(prefix, StringComparison.Ordinal) && value.EndsWith(suffix, StringComparison.Ordinal) ? null : $"{block}: {attribute} is '{value}', expected {prefix}...{suffix}";
    }

    [GeneratedRegex("(password|secret|access_key|account_key|token|connection_string|private_key)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
