# What deploy/kubernetes needs from this configuration (deploy/terraform/README.md says where each value goes).

output "resource_group_name" {
  description = "Resource group holding everything (az aks get-credentials --resource-group)."
  value       = azurerm_resource_group.this.name
}

output "cluster_name" {
  description = "AKS cluster name (az aks get-credentials --name)."
  value       = azurerm_kubernetes_cluster.this.name
}

output "oidc_issuer_url" {
  description = "The cluster's OIDC issuer, trusted by the identity's federated credential."
  value       = azurerm_kubernetes_cluster.this.oidc_issuer_url
}

output "tenant_id" {
  description = "Microsoft Entra tenant: SecretProviderClass tenantId and ServingFabric__Secrets__TenantId."
  value       = data.azurerm_client_config.current.tenant_id
}

output "workload_identity_client_id" {
  description = "Client id of the silos' identity: the service account's azure.workload.identity/client-id, SecretProviderClass clientID and ServingFabric__Secrets__ClientId."
  value       = azurerm_user_assigned_identity.silo.client_id
}

output "workload_identity_subject" {
  description = "The service account the identity trusts (system:serviceaccount:<namespace>:<name>)."
  value       = azurerm_federated_identity_credential.silo.subject
}

output "storage_account_name" {
  description = "Storage account of membership, router state and models."
  value       = azurerm_storage_account.this.name
}

output "storage_table_endpoint" {
  description = "Table service endpoint of membership and grain state."
  value       = azurerm_storage_account.this.primary_table_endpoint
}

output "storage_blob_endpoint" {
  description = "Blob service endpoint of the model repository."
  value       = azurerm_storage_account.this.primary_blob_endpoint
}

output "models_container_url" {
  description = "URL of the models container (the model repository's blob source)."
  value       = "${azurerm_storage_account.this.primary_blob_endpoint}${azurerm_storage_container.models.name}"
}

output "storage_tables" {
  description = "Table names: ServingFabric__Storage__ClusteringTableName and ServingFabric__Storage__GrainStateTableName."
  value       = { for key, table in azapi_resource.table : key => table.name }
}

output "key_vault_name" {
  description = "Vault name: SecretProviderClass keyvaultName and the vault in kv://<vault>/<secret> references."
  value       = azurerm_key_vault.this.name
}

output "key_vault_uri" {
  description = "Vault URI (https://<vault>.vault.azure.net/)."
  value       = azurerm_key_vault.this.vault_uri
}

output "gpu_node_taint" {
  description = "Taint of the GPU pool (key=value:effect) that GPU pods must tolerate; null without a GPU pool."
  value       = var.gpu_pool_enabled ? local.gpu_node_taint : null
}

output "prometheus_query_endpoint" {
  description = "PromQL endpoint of the Azure Monitor workspace; null when managed Prometheus is off."
  value       = var.managed_prometheus_enabled ? azurerm_monitor_workspace.this[0].query_endpoint : null
}
