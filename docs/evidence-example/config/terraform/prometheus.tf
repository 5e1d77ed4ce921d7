# Azure Monitor managed Prometheus (optional): an Azure Monitor workspace that the cluster's ama-metrics add-on writes
# to through a data collection endpoint and rule. Query it from Grafana or PromQL at the workspace's query endpoint.
resource "azurerm_monitor_workspace" "this" {
  count               = var.managed_prometheus_enabled ? 1 : 0
  name                = "${var.name_prefix}-prometheus"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = var.tags
}

resource "azurerm_monitor_data_collection_endpoint" "prometheus" {
  count               = var.managed_prometheus_enabled ? 1 : 0
  name                = "${var.name_prefix}-prometheus"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  kind                = "Linux"
  tags                = var.tags
}

resource "azurerm_monitor_data_collection_rule" "prometheus" {
  count                       = var.managed_prometheus_enabled ? 1 : 0
  name                        = "${var.name_prefix}-prometheus"
  location                    = azurerm_resource_group.this.location
  resource_group_name         = azurerm_resource_group.this.name
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.prometheus[0].id
  kind                        = "Linux"
  tags                        = var.tags

  destinations {
    monitor_account {
      monitor_account_id = azurerm_monitor_workspace.this[0].id
      name               = "workspace"
    }
  }

  data_flow {
    streams      = ["Microsoft-PrometheusMetrics"]
    destinations = ["workspace"]
  }

  data_sources {
    prometheus_forwarder {
      streams = ["Microsoft-PrometheusMetrics"]
      name    = "PrometheusDataSource"
    }
  }
}

resource "azurerm_monitor_data_collection_rule_association" "prometheus" {
  count                   = var.managed_prometheus_enabled ? 1 : 0
  name                    = "${var.name_prefix}-prometheus"
  target_resource_id      = azurerm_kubernetes_cluster.this.id
  data_collection_rule_id = azurerm_monitor_data_collection_rule.prometheus[0].id
}

resource "azurerm_monitor_data_collection_rule_association" "prometheus_endpoint" {
  count                       = var.managed_prometheus_enabled ? 1 : 0
  target_resource_id          = azurerm_kubernetes_cluster.this.id
  data_collection_endpoint_id = azurerm_monitor_data_collection_endpoint.prometheus[0].id
}
