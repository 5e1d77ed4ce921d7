# Providers pinned to one major version; `terraform init` records the exact builds in .terraform.lock.hcl.
terraform {
  required_version = ">= 1.9" # validation blocks that compare two variables

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.42" # rbac_authorization_enabled on Key Vault arrived in 4.42
    }
    azapi = {
      source  = "Azure/azapi"
      version = "~> 2.0" # storage tables through Azure Resource Manager (azurerm 4.x creates them with the shared key)
    }
  }
}

provider "azurerm" {
  features {}
  subscription_id     = var.subscription_id # null: ARM_SUBSCRIPTION_ID
  storage_use_azuread = true                # the account refuses shared-key requests
}

provider "azapi" {
  subscription_id = var.subscription_id
}

data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "this" {
  name     = var.resource_group_name
  location = var.location
  tags     = var.tags
}
