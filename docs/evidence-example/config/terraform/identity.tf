# The silos' identity: a user-assigned managed identity that trusts tokens AKS issues to the silos' service account.
resource "azurerm_user_assigned_identity" "silo" {
  name                = "${var.name_prefix}-silo"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = var.tags
}

resource "azurerm_federated_identity_credential" "silo" {
  name                = "${var.name_prefix}-silo-${var.kubernetes_namespace}"
  resource_group_name = azurerm_resource_group.this.name
  parent_id           = azurerm_user_assigned_identity.silo.id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = azurerm_kubernetes_cluster.this.oidc_issuer_url
  subject             = local.silo_subject
}

# What the identity may do: read and write the membership and state tables, read (or write) models, read secrets.
resource "azurerm_role_assignment" "silo_tables" {
  scope                = azurerm_storage_account.this.id
  role_definition_name = "Storage Table Data Contributor"
  principal_id         = azurerm_user_assigned_identity.silo.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "silo_models" {
  scope                = azurerm_storage_container.models.id
  role_definition_name = var.models_blob_role
  principal_id         = azurerm_user_assigned_identity.silo.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "silo_secrets" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.silo.principal_id
  principal_type       = "ServicePrincipal"
}
