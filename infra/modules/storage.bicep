// The storage account behind everything: job blobs, the GPU queues, the Durable task hub and the
// Functions deployment package. Shared-key access is off, so every client authenticates with Entra ID.

@description('Azure region of the storage account.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Storage redundancy; LRS is enough for job data that can be regenerated.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param skuName string = 'Standard_LRS'

@description('Blob container that holds the Functions app deployment package (Flex Consumption).')
param deploymentContainerName string

@description('Days after which intermediate blobs (work container) are deleted.')
@minValue(1)
param workRetentionDays int = 2

@description('Days after which uploads, job requests and generated portraits are deleted; 0 keeps them forever.')
@minValue(0)
param jobDataRetentionDays int = 30

var names = loadJsonContent('../names.json')
var blobContainerNames = concat(
  map(items(names.blobContainers), container => container.value),
  [deploymentContainerName]
)
var queueNames = map(items(names.queues), queue => queue.value)
// Durable's Azure Storage provider creates these itself; declaring them makes the task hub's footprint visible.
var durableTableNames = [
  '${names.durableTaskHub}Instances'
  '${names.durableTaskHub}History'
]
var jobDataPrefixes = [
  '${names.blobContainers.inputs}/'
  '${names.blobContainers.jobs}/'
  '${names.blobContainers.outputs}/'
]

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for containerName in blobContainerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for tableName in durableTableNames: {
    parent: tableService
    name: tableName
  }
]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: concat(
        [
          {
            name: 'delete-intermediate-work'
            enabled: true
            type: 'Lifecycle'
            definition: {
              filters: {
                blobTypes: [
                  'blockBlob'
                ]
                prefixMatch: [
                  '${names.blobContainers.work}/'
                ]
              }
              actions: {
                baseBlob: {
                  delete: {
                    daysAfterModificationGreaterThan: workRetentionDays
                  }
                }
              }
            }
          }
        ],
        jobDataRetentionDays == 0
          ? []
          : [
              {
                name: 'delete-old-job-data'
                enabled: true
                type: 'Lifecycle'
                definition: {
                  filters: {
                    blobTypes: [
                      'blockBlob'
                    ]
                    prefixMatch: jobDataPrefixes
                  }
                  actions: {
                    baseBlob: {
                      delete: {
                        daysAfterModificationGreaterThan: jobDataRetentionDays
                      }
                    }
                  }
                }
              }
            ]
      )
    }
  }
  dependsOn: [
    containers
  ]
}

output name string = storage.name
output resourceId string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
