// FaceChain Functions on Azure: `azd up` provisions this file, then deploys the Functions app (service `api`)
// and the GPU worker image (service `gpu-worker`); infra/hooks/postdeploy.sh wires the blob-upload events.
targetScope = 'subscription'

@description('azd environment name; part of every resource name and the resource group name.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource. It must offer both Flex Consumption and serverless GPUs (see docs/deploy.md).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create; empty derives rg-<environmentName>.')
param resourceGroupName string = ''

@description('Serverless GPU workload profile for the worker: T4 (cheaper) or A100 (faster).')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfile string = 'Consumption-GPU-NC8as-T4'

@description('Most GPU worker replicas at once; keep it within your serverless GPU quota.')
@minValue(1)
@maxValue(30)
param gpuMaxReplicas int = 2

@description('Queued diffusion jobs per GPU replica before another replica starts (the worker\'s batch size).')
@minValue(1)
@maxValue(64)
param gpuQueueLengthPerReplica int = 4

@description('Seconds an idle GPU replica lingers after the queue empties; lower is cheaper, higher avoids cold starts.')
@minValue(0)
@maxValue(3600)
param gpuCooldownSeconds int = 300

@description('GPU worker image set by azd after the first deploy; empty uses a placeholder image.')
param gpuWorkerImageName string = ''

@description('Model set used by default: a folder under the models container (models/<name>/).')
@minLength(1)
param modelSetName string = 'sd15-fact'

@description('Largest number of Functions instances (Flex Consumption).')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

@description('Memory per Functions instance in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('.NET version of the Functions isolated worker runtime on Flex Consumption.')
@allowed([
  '8.0'
  '9.0'
  '10.0'
])
param functionDotnetVersion string = '10.0'

@description('Browser origins allowed to call the HTTP API (CORS); empty allows none.')
param corsAllowedOrigins array = []

@description('Object id of the user running azd (set by azd); granted blob access so it can upload model sets. Empty grants nothing.')
param principalId string = ''

@description('Kind of that principal: User, or ServicePrincipal when a pipeline runs azd.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

var names = loadJsonContent('names.json')
var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Every name is derived here, before deployment, so modules can look resources up by name and what-if
// predictions stay precise; module ordering is then stated with dependsOn.
var functionIdentityName = 'id-func-${token}'
var workerIdentityName = 'id-gpu-${token}'
var storageAccountName = 'st${token}'
var applicationInsightsName = 'appi-${token}'
// Site names are at most 60 characters and become the host name, so the readable part is trimmed.
var functionAppName = 'func-${take(toLower(environmentName), 41)}-${token}'
var deploymentContainerName = 'app-package-${take(token, 7)}'

resource group 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module functionIdentity 'modules/identity.bicep' = {
  scope: group
  name: 'function-identity'
  params: {
    location: location
    tags: tags
    name: functionIdentityName
  }
}

module workerIdentity 'modules/identity.bicep' = {
  scope: group
  name: 'worker-identity'
  params: {
    location: location
    tags: tags
    name: workerIdentityName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: group
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${token}'
    applicationInsightsName: applicationInsightsName
  }
}

module storage 'modules/storage.bicep' = {
  scope: group
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: storageAccountName
    deploymentContainerName: deploymentContainerName
  }
}

// The Functions host keeps its leases and the Durable task hub in blobs, queues and tables, and the pipeline
// reads and writes every job container: it needs all three data planes.
module functionStorageAccess 'modules/storage-access.bicep' = {
  scope: group
  name: 'function-storage-access'
  params: {
    storageAccountName: storageAccountName
    identityName: functionIdentityName
    roles: [
      'Storage Blob Data Owner'
      'Storage Queue Data Contributor'
      'Storage Table Data Contributor'
    ]
  }
  dependsOn: [
    storage
    functionIdentity
  ]
}

// The worker reads models, writes outputs, consumes diffusion-jobs, reports to diffusion-results and moves
// poison messages aside (which creates a queue): blobs and queues, no tables.
module workerStorageAccess 'modules/storage-access.bicep' = {
  scope: group
  name: 'worker-storage-access'
  params: {
    storageAccountName: storageAccountName
    identityName: workerIdentityName
    roles: [
      'Storage Blob Data Contributor'
      'Storage Queue Data Contributor'
    ]
  }
  dependsOn: [
    storage
    workerIdentity
  ]
}

// Lets the person (or pipeline) running azd upload model sets with `az storage blob upload-batch --auth-mode login`.
module deployerStorageAccess 'modules/storage-access.bicep' = if (!empty(principalId)) {
  scope: group
  name: 'deployer-storage-access'
  params: {
    storageAccountName: storageAccountName
    principalId: principalId
    principalType: principalType
    roles: [
      'Storage Blob Data Contributor'
    ]
  }
  dependsOn: [
    storage
  ]
}

module registry 'modules/registry.bicep' = {
  scope: group
  name: 'registry'
  params: {
    location: location
    tags: tags
    name: 'cr${token}'
    pullIdentityName: workerIdentityName
  }
  dependsOn: [
    workerIdentity
  ]
}

module functionApp 'modules/function-app.bicep' = {
  scope: group
  name: 'function-app'
  params: {
    location: location
    tags: tags
    planName: 'plan-${token}'
    appName: functionAppName
    serviceName: 'api'
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    identityName: functionIdentityName
    applicationInsightsName: applicationInsightsName
    dotnetVersion: functionDotnetVersion
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    corsAllowedOrigins: corsAllowedOrigins
    modelSetName: modelSetName
  }
  // The host reads its storage at start; without its roles the first start fails and backs off.
  dependsOn: [
    monitoring
    functionStorageAccess
  ]
}

// Uses the registry module's output, so the AcrPull assignment exists before the first image pull.
module gpuWorker 'modules/gpu-worker.bicep' = {
  scope: group
  name: 'gpu-worker'
  params: {
    location: location
    tags: tags
    environmentName: 'cae-${token}'
    appName: 'ca-gpu-${token}'
    serviceName: 'gpu-worker'
    gpuProfile: gpuProfile
    maxReplicas: gpuMaxReplicas
    queueLengthPerReplica: gpuQueueLengthPerReplica
    cooldownSeconds: gpuCooldownSeconds
    image: gpuWorkerImageName
    registryLoginServer: registry.outputs.loginServer
    identityName: workerIdentityName
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    modelSetName: modelSetName
  }
  dependsOn: [
    workerStorageAccess
  ]
}

module eventGrid 'modules/event-grid.bicep' = {
  scope: group
  name: 'event-grid'
  params: {
    location: location
    tags: tags
    name: 'evgt-${token}'
    storageAccountName: storageAccountName
  }
  dependsOn: [
    storage
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = gpuWorker.outputs.environmentName
output GPU_WORKER_APP_NAME string = gpuWorker.outputs.appName
output EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output BLOB_TRIGGER_FUNCTION_NAME string = names.functions.blobUploadTrigger
output BLOB_TRIGGER_SUBJECT_PREFIX string = '/blobServices/default/containers/${names.blobContainers.inputs}/'
output MODELS_CONTAINER_NAME string = names.blobContainers.models
output MODEL_SET_NAME string = modelSetName
