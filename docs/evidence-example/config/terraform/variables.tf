# Every input has a description; those with a constrained form have a validation that says what is expected.

variable "subscription_id" {
  description = "Azure subscription to deploy into; null reads ARM_SUBSCRIPTION_ID."
  type        = string
  default     = null
  validation {
    condition     = var.subscription_id == null || can(regex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", var.subscription_id))
    error_message = "subscription_id must be a subscription GUID (or null to use ARM_SUBSCRIPTION_ID)."
  }
}

variable "location" {
  description = "Azure region with three availability zones (for example westeurope, eastus2, swedencentral)."
  type        = string
  default     = "westeurope"
  validation {
    condition     = can(regex("^[a-z][a-z0-9]+$", var.location))
    error_message = "location must be a region name such as westeurope (lowercase letters and digits, no spaces)."
  }
}

variable "resource_group_name" {
  description = "Resource group created for the cluster, storage, vault and identity."
  type        = string
  default     = "servingfabric"
  validation {
    condition     = can(regex("^[-\\w._()]{1,89}[-\\w_()]$", var.resource_group_name))
    error_message = "resource_group_name must be 2-90 letters, digits, '-', '_', '.', '(' or ')' and not end with '.'."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name; the storage account and vault add a 6-character suffix derived from the subscription and resource group."
  type        = string
  default     = "servingfab"
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,11}$", var.name_prefix))
    error_message = "name_prefix must be 3-12 lowercase letters or digits starting with a letter (storage account names allow nothing else)."
  }
}

variable "tags" {
  description = "Tags set on the resource group and every resource that takes tags."
  type        = map(string)
  default     = {}
}
