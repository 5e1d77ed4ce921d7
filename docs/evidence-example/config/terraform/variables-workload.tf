variable "kubernetes_namespace" {
  description = "Namespace of the silos in deploy/kubernetes (the overlays' namespace:); the identity trusts this namespace's service account only."
  type        = string
  default     = "servingfabric"
  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.kubernetes_namespace))
    error_message = "kubernetes_namespace must be a DNS label (lowercase letters, digits and '-', at most 63)."
  }
}

variable "kubernetes_service_account" {
  description = "Service account of the silos in deploy/kubernetes (base/common/serviceaccount.yaml); federated with the managed identity."
  type        = string
  default     = "servingfabric-silo"
  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.kubernetes_service_account))
    error_message = "kubernetes_service_account must be a DNS subdomain name (lowercase letters, digits, '-' and '.')."
  }
}

variable "storage_replication_type" {
  description = "Replication of the storage account holding membership, router state and models; zone-redundant so a zone outage keeps the cluster's membership."
  type        = string
  default     = "ZRS"
  validation {
    condition     = contains(["ZRS", "GZRS", "RAGZRS"], var.storage_replication_type)
    error_message = "storage_replication_type must be ZRS, GZRS or RAGZRS (zone-redundant)."
  }
}

variable "storage_shared_key_enabled" {
  description = "Allows account-key (shared key) requests to the storage account. Keep false: the silos reach it as their workload identity. True only for silos that still authenticate with a connection string holding the account key."
  type        = bool
  default     = false
}

variable "clustering_table_name" {
  description = "Table of the Orleans membership (ServingFabric:Storage:ClusteringTableName)."
  type        = string
  default     = "OrleansSiloInstances"
  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9]{2,62}$", var.clustering_table_name))
    error_message = "clustering_table_name must be 3-63 letters or digits starting with a letter."
  }
}

variable "grain_state_table_name" {
  description = "Table of the router and catalog grain state (ServingFabric:Storage:GrainStateTableName)."
  type        = string
  default     = "ServingFabricState"
  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9]{2,62}$", var.grain_state_table_name))
    error_message = "grain_state_table_name must be 3-63 letters or digits starting with a letter."
  }
}

variable "models_container_name" {
  description = "Blob container of the model repository (the Triton layout <model>/<version>/...)."
  type        = string
  default     = "models"
  validation {
    condition     = can(regex("^[a-z0-9](-?[a-z0-9]){2,62}$", var.models_container_name))
    error_message = "models_container_name must be 3-63 lowercase letters, digits and single hyphens."
  }
}

variable "models_blob_role" {
  description = "Role of the silos' identity on the models container: Reader when models are uploaded by operators, Contributor when silos (or `fabric versions register` running as the identity) upload them."
  type        = string
  default     = "Storage Blob Data Reader"
  validation {
    condition     = contains(["Storage Blob Data Reader", "Storage Blob Data Contributor"], var.models_blob_role)
    error_message = "models_blob_role must be \"Storage Blob Data Reader\" or \"Storage Blob Data Contributor\"."
  }
}

variable "key_vault_soft_delete_days" {
  description = "Days a deleted secret stays recoverable in the vault."
  type        = number
  default     = 30
  validation {
    condition     = var.key_vault_soft_delete_days >= 7 && var.key_vault_soft_delete_days <= 90
    error_message = "key_vault_soft_delete_days must be between 7 and 90."
  }
}
