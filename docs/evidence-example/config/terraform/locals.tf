locals {
  # The only place the GPU pool's taint is written: the GPU pool carries it, and any toleration for nvidia.com/gpu in
  # deploy/kubernetes must match it (tests/ServingFabric.Deploy.Tests compares them).
  gpu_node_taint = "nvidia.com/gpu=present:NoSchedule"

  # The user pools (aks.tf), each over var.zones. The manifests may select one by its servingfabric.io/pool label
  # (nodeSelector or node affinity); the system pool takes no silos (CriticalAddonsOnly).
  user_node_pools = {
    inference = {
      enabled    = true
      vm_size    = var.inference_vm_size
      node_count = var.inference_node_count
      labels     = { "servingfabric.io/pool" = "inference" }
      taints     = []
    }
    gpu = {
      enabled    = var.gpu_pool_enabled
      vm_size    = var.gpu_vm_size
      node_count = var.gpu_node_count
      labels     = { "servingfabric.io/pool" = "gpu" }
      taints     = [local.gpu_node_taint]
    }
  }

  # The Kubernetes service account the silos run as, as Microsoft Entra sees it in the token's subject.
  silo_subject = "system:serviceaccount:${var.kubernetes_namespace}:${var.kubernetes_service_account}"

  # Globally unique names need a suffix; derived from the resource group so a re-apply keeps them.
  suffix       = substr(sha256("${data.azurerm_client_config.current.subscription_id}/${var.resource_group_name}"), 0, 6)
  storage_name = "${var.name_prefix}${local.suffix}"     # 3-24 lowercase letters and digits
  vault_name   = "${var.name_prefix}-kv-${local.suffix}" # 3-24 letters, digits and single hyphens
}
