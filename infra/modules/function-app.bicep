// The Functions app on Flex Consumption (FC1): HTTP API, blob-upload trigger (Event Grid source) and the
// Durable orchestrations, all talking to storage with a user-assigned managed identity.

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app (becomes <name>.azurewebsites.net).')
param appName string

@description('azd service name, used by azd to find the app it deploys to.')
param serviceName string

@description('Storage account used by the Functions host, Durable and the pipeline.')
param storageAccountName string

@description('Container in the storage account that holds the deployment package.')
param deploymentContainerName string

@description('User-assigned managed identity (in this resource group) the app runs as.')
param identityName string

@description('Name of the Application Insights component that receives telemetry.')
param applicationInsightsName string

@description('.NET isolated worker runtime version accepted by Flex Consumption.')
param dotnetVersion string

@description('Largest number of instances the app may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance in MB; face detection and identity checks run in the Functions app.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Origins allowed to call the HTTP API from a browser (web apps); empty allows none.')
param corsAllowedOrigins array = []

@description('Name of the model set under the models container that jobs use by default.')
param modelSetName string

@description('Extra app settings merged over the defaults (name to value).')
param extraAppSettings object = {}

var names = loadJsonContent('../names.json')
var connection = names.settings.storageConnection
// Built-in Monitoring Metrics Publisher role: lets the host send telemetry with Entra ID instead of the key.
var metricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

var identityClientId = identity.properties.clientId

var baseAppSettings = {
  '${connection}__blobServiceUri': storage.properties.primaryEndpoints.blob
  '${connection}__queueServiceUri': storage.properties.primaryEndpoints.queue
  '${connection}__tableServiceUri': storage.properties.primaryEndpoints.table
  '${connection}__credential': 'managedidentity'
  '${connection}__clientId': identityClientId
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  '${names.settings.taskHubName}': names.durableTaskHub
  '${names.settings.modelSetName}': modelSetName
  '${names.settings.diffusionBackend}': 'Queue'
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: corsAllowedOrigins
      }
      appSettings: map(items(union(baseAppSettings, extraAppSettings)), setting => {
        name: setting.key
        value: setting.value
      })
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

// Publishing goes through Entra ID (azd uses a token), so the basic-auth publishing endpoints stay closed.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: applicationInsights
  name: guid(applicationInsights.id, identity.id, metricsPublisherRoleId)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisherRoleId)
    description: 'Monitoring Metrics Publisher'
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
