# Membership and router state in tables, models in a blob container; reached with Entra ID tokens, not account keys.
resource "azurerm_storage_account" "this" {
  name                            = local.storage_name
  location                        = azurerm_resource_group.this.location
  resource_group_name             = azurerm_resource_group.this.name
  account_tier                    = "Standard"
  account_kind                    = "StorageV2"
  account_replication_type        = var.storage_replication_type
  shared_access_key_enabled       = var.storage_shared_key_enabled
  default_to_oauth_authentication = true
  https_traffic_only_enabled      = true
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  tags                            = var.tags

  blob_properties {
    versioning_enabled = true # an overwritten model artifact can be recovered
    delete_retention_policy {
      days = 14
    }
    container_delete_retention_policy {
      days = 14
    }
  }
}

# Through Azure Resource Manager: azurerm 4.x creates tables through the data plane with the shared key.
resource "azapi_resource" "table" {
  for_each  = { clustering = var.clustering_table_name, grain_state = var.grain_state_table_name }
  type      = "Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01"
  name      = each.value
  parent_id = "${azurerm_storage_account.this.id}/tableServices/default"
  body      = { properties = {} }
}

resource "azurerm_storage_container" "models" {
  name                  = var.models_container_name
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = "private"
}
