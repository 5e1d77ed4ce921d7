# Secrets (API keys, admin key, certificates) in a vault authorized by Azure RBAC, no access policies.
resource "azurerm_key_vault" "this" {
  name                       = local.vault_name
  location                   = azurerm_resource_group.this.location
  resource_group_name        = azurerm_resource_group.this.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  rbac_authorization_enabled = true
  purge_protection_enabled   = true
  soft_delete_retention_days = var.key_vault_soft_delete_days
  tags                       = var.tags
}
