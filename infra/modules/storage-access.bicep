// Data-plane role assignments on the storage account for one principal. The roles are named rather than
// passed as GUIDs so the caller reads as a least-privilege statement.

@description('Name of the storage account the roles are scoped to.')
param storageAccountName string

@description('User-assigned managed identity (in this resource group) that receives the roles; empty to name a principal instead.')
param identityName string = ''

@description('Object id of a user or service principal that receives the roles, when identityName is empty.')
param principalId string = ''

@description('Kind of that principal.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string = 'User'

@description('Built-in storage data roles to grant, by name.')
param roles (
  | 'Storage Blob Data Owner'
  | 'Storage Blob Data Contributor'
  | 'Storage Queue Data Contributor'
  | 'Storage Queue Data Message Processor'
  | 'Storage Queue Data Message Sender'
  | 'Storage Table Data Contributor')[]

// Built-in role definition ids (identical in every Azure tenant).
var roleDefinitionIds = {
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  'Storage Queue Data Contributor': '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  'Storage Queue Data Message Processor': '8a0f0c08-91a1-4084-bc3d-661d67233fed'
  'Storage Queue Data Message Sender': 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = if (!empty(identityName)) {
  name: identityName
}

var assignToIdentity = !empty(identityName)
// The identity's resource id (known before deployment) keeps assignment names deterministic for what-if.
var assigneeKey = assignToIdentity ? identity.id : principalId

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in roles: {
    scope: storage
    name: guid(storage.id, assigneeKey, roleDefinitionIds[role])
    properties: {
      principalId: assignToIdentity ? identity!.properties.principalId : principalId
      principalType: assignToIdentity ? 'ServicePrincipal' : principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionIds[role])
      description: role
    }
  }
]
