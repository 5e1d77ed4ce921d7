# AKS over three zones: a system pool for add-ons only, a CPU pool for the silos, and an optional tainted GPU pool.
resource "azurerm_kubernetes_cluster" "this" {
  name                = "${var.name_prefix}-aks"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  dns_prefix          = var.name_prefix
  kubernetes_version  = var.kubernetes_version
  sku_tier            = "Standard" # uptime SLA on the API server, needed with zones
  tags                = var.tags

  oidc_issuer_enabled       = true # the issuer Entra trusts for workload identity federation
  workload_identity_enabled = true # the webhook that projects the token into pods labelled azure.workload.identity/use
  local_account_disabled    = true
  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
    tenant_id          = data.azurerm_client_config.current.tenant_id
  }

  default_node_pool {
    name                         = "system"
    vm_size                      = var.system_vm_size
    zones                        = var.zones
    auto_scaling_enabled         = true
    min_count                    = var.system_node_count.min
    max_count                    = var.system_node_count.max
    only_critical_addons_enabled = true # taints CriticalAddonsOnly=true:NoSchedule: silos go to the inference pool
    temporary_name_for_rotation  = "systemtmp"
    upgrade_settings {
      max_surge = "33%"
    }
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium" # deploy/kubernetes/base/network holds NetworkPolicies; they need an enforcing plugin
  }

  # The Secrets Store CSI driver for components/keyvault-csi; rotation rewrites mounted secrets every 2 minutes.
  key_vault_secrets_provider {
    secret_rotation_enabled  = true
    secret_rotation_interval = "2m"
  }

  dynamic "monitor_metrics" {
    for_each = var.managed_prometheus_enabled ? [1] : []
    content {} # the ama-metrics add-on; the data collection rule is in prometheus.tf
  }
}

# The user pools of local.user_node_pools (locals.tf): the CPU inference pool and, when enabled, the GPU pool.
resource "azurerm_kubernetes_cluster_node_pool" "user" {
  for_each              = { for name, pool in local.user_node_pools : name => pool if pool.enabled }
  name                  = each.key
  kubernetes_cluster_id = azurerm_kubernetes_cluster.this.id
  mode                  = "User"
  vm_size               = each.value.vm_size
  zones                 = var.zones
  auto_scaling_enabled  = true
  min_count             = each.value.node_count.min
  max_count             = each.value.node_count.max
  node_labels           = each.value.labels
  node_taints           = each.value.taints
  tags                  = var.tags
  upgrade_settings {
    max_surge = "33%"
  }
}
