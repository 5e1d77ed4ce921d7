# Whoever runs `terraform apply` may then administer the cluster, write the vault's secrets and upload models.
variable "deployer_access_enabled" {
  description = "Grants the principal running Terraform: AKS RBAC Cluster Admin, Key Vault Secrets Officer and Storage Blob Data Contributor on the models container."
  type        = bool
  default     = true
}

locals {
  deployer_roles = var.deployer_access_enabled ? {
    cluster = { scope = azurerm_kubernetes_cluster.this.id, role = "Azure Kubernetes Service RBAC Cluster Admin" }
    secrets = { scope = azurerm_key_vault.this.id, role = "Key Vault Secrets Officer" }
    models  = { scope = azurerm_storage_container.models.id, role = "Storage Blob Data Contributor" }
  } : {}
}

resource "azurerm_role_assignment" "deployer" {
  for_each             = local.deployer_roles
  scope                = each.value.scope
  role_definition_name = each.value.role
  principal_id         = data.azurerm_client_config.current.object_id
}
