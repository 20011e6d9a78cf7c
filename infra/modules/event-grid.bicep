// Event Grid system topic on the storage account. The subscription that delivers BlobCreated events to the
// Functions blob-upload trigger is created by infra/hooks/postdeploy.sh, because its webhook URL carries the
// Functions blobs_extension system key, which exists only once the app is deployed and running.

@description('Azure region (must match the storage account\'s region).')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the system topic.')
param name string

@description('Storage account whose blob events the topic publishes.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
