variable "kubernetes_version" {
  description = "AKS Kubernetes version (major.minor or major.minor.patch); null takes the region's default."
  type        = string
  default     = null
  validation {
    condition     = var.kubernetes_version == null || can(regex("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$", var.kubernetes_version))
    error_message = "kubernetes_version must look like 1.33 or 1.33.2, or be null."
  }
}

variable "zones" {
  description = "Availability zones every node pool spans; the production overlay runs one silo Deployment per zone."
  type        = list(string)
  default     = ["1", "2", "3"]
  validation {
    condition     = length(var.zones) == 3 && length(distinct(var.zones)) == 3 && alltrue([for z in var.zones : contains(["1", "2", "3"], z)])
    error_message = "zones must be the three zones \"1\", \"2\" and \"3\": replicas are spread across three zones."
  }
}

variable "system_vm_size" {
  description = "VM size of the system pool (CriticalAddonsOnly: cluster add-ons, no silos)."
  type        = string
  default     = "Standard_D4ds_v5"
  validation {
    condition     = can(regex("^Standard_", var.system_vm_size))
    error_message = "system_vm_size must be an Azure VM size such as Standard_D4ds_v5."
  }
}

variable "system_node_count" {
  description = "Minimum and maximum nodes of the system pool (at least one per zone)."
  type        = object({ min = number, max = number })
  default     = { min = 3, max = 6 }
  validation {
    condition     = var.system_node_count.min >= 3 && var.system_node_count.max >= var.system_node_count.min
    error_message = "system_node_count.min must be at least 3 (one per zone) and max at least min."
  }
}

variable "inference_vm_size" {
  description = "VM size of the CPU inference pool where the silos run (production silos ask for 2-4 cores and 4 GiB)."
  type        = string
  default     = "Standard_D8ds_v5"
  validation {
    condition     = can(regex("^Standard_", var.inference_vm_size))
    error_message = "inference_vm_size must be an Azure VM size such as Standard_D8ds_v5."
  }
}

variable "inference_node_count" {
  description = "Minimum and maximum nodes of the CPU inference pool; the cluster autoscaler adds nodes when silo pods are pending."
  type        = object({ min = number, max = number })
  default     = { min = 3, max = 12 }
  validation {
    condition     = var.inference_node_count.min >= 3 && var.inference_node_count.max >= var.inference_node_count.min
    error_message = "inference_node_count.min must be at least 3 (one per zone) and max at least min."
  }
}

variable "gpu_pool_enabled" {
  description = "Adds a GPU pool, tainted so that only pods tolerating nvidia.com/gpu land on it."
  type        = bool
  default     = false
}

variable "gpu_vm_size" {
  description = "VM size of the optional GPU pool (an N-series size available in all three zones of the region)."
  type        = string
  default     = "Standard_NC4as_T4_v3"
  validation {
    condition     = can(regex("^Standard_N", var.gpu_vm_size))
    error_message = "gpu_vm_size must be an N-series (GPU) VM size such as Standard_NC4as_T4_v3."
  }
}

variable "gpu_node_count" {
  description = "Minimum and maximum nodes of the optional GPU pool (min 0 lets it scale to nothing when idle)."
  type        = object({ min = number, max = number })
  default     = { min = 0, max = 3 }
  validation {
    condition     = var.gpu_node_count.min >= 0 && var.gpu_node_count.max >= max(var.gpu_node_count.min, 1)
    error_message = "gpu_node_count.min must be 0 or more and max at least min and at least 1."
  }
}

variable "managed_prometheus_enabled" {
  description = "Sends the cluster's metrics (and the silos' /metrics) to Azure Monitor managed Prometheus through an Azure Monitor workspace."
  type        = bool
  default     = false
}
