// Container Apps environment with a serverless GPU workload profile, and the GPU worker app that consumes
// the diffusion-jobs queue. It scales from zero on queue length (KEDA azure-queue, managed identity), so an
// idle deployment runs no GPU at all.

@description('Azure region of the environment and the app; it must offer serverless GPUs.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the Container Apps managed environment.')
param environmentName string

@description('Name of the GPU worker container app.')
param appName string

@description('azd service name, used by azd to find the app it deploys to.')
param serviceName string

@description('Serverless GPU workload profile type: T4 (16 GB, cheaper) or A100 (80 GB, faster).')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfile string

@description('Most GPU replicas running at once (bounded by the subscription\'s serverless GPU quota).')
@minValue(1)
@maxValue(30)
param maxReplicas int

@description('Queued jobs per replica before another replica starts (match the worker\'s batch size).')
@minValue(1)
param queueLengthPerReplica int

@description('Seconds an idle replica is kept after the queue empties before scaling to zero.')
@minValue(0)
param cooldownSeconds int

@description('Container image; empty uses a public placeholder until azd deploys the worker image.')
param image string

@description('Login server of the registry the worker image is pulled from.')
param registryLoginServer string

@description('User-assigned managed identity (in this resource group) the worker runs as: registry pull, storage, scaler.')
param identityName string

@description('Storage account holding the queues and blobs.')
param storageAccountName string

@description('Name of the Application Insights component that receives telemetry.')
param applicationInsightsName string

@description('Resource id of the Log Analytics workspace that receives the environment\'s logs.')
param logAnalyticsWorkspaceId string

@description('Name of the model set under the models container that the worker loads at start.')
param modelSetName string

@description('Port of the worker\'s health endpoints (/health/ready, /healthz).')
param healthPort int = 8080

var names = loadJsonContent('../names.json')
var connection = names.settings.storageConnection
var gpuWorkloadProfileName = 'gpu'
var modelCachePath = '/model-cache'
// Monitoring Metrics Publisher: lets the worker's identity send telemetry with Entra auth.
var metricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'
// A serverless GPU replica gets the whole profile's CPU and memory.
var replicaSizes = {
  'Consumption-GPU-NC8as-T4': {
    cpu: 8
    memory: '56Gi'
  }
  'Consumption-GPU-NC24-A100': {
    cpu: 24
    memory: '220Gi'
  }
}

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

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    // Logs go through diagnostic settings, so no workspace shared key is handed to the environment.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: gpuWorkloadProfileName
        workloadProfileType: gpuProfile
      }
    ]
    zoneRedundant: false
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: environment
  name: 'to-log-analytics'
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'ContainerAppConsoleLogs'
        enabled: true
      }
      {
        category: 'ContainerAppSystemLogs'
        enabled: true
      }
    ]
  }
}

resource worker 'Microsoft.App/containerApps@2025-01-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: gpuWorkloadProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      // No ingress: the worker only consumes queues; the probes reach it inside the replica.
      registries: [
        {
          server: registryLoginServer
          identity: identity.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: serviceName
          image: empty(image) ? placeholderImage : image
          resources: {
            cpu: replicaSizes[gpuProfile].cpu
            memory: replicaSizes[gpuProfile].memory
          }
          env: [
            {
              name: '${connection}__blobServiceUri'
              value: storage.properties.primaryEndpoints.blob
            }
            {
              name: '${connection}__queueServiceUri'
              value: storage.properties.primaryEndpoints.queue
            }
            {
              name: '${connection}__credential'
              value: 'managedidentity'
            }
            {
              name: '${connection}__clientId'
              value: identityClientId
            }
            {
              name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
              value: applicationInsights.properties.ConnectionString
            }
            {
              name: names.settings.modelSetName
              value: modelSetName
            }
            {
              name: names.settings.modelCachePath
              value: modelCachePath
            }
            {
              name: 'ASPNETCORE_HTTP_PORTS'
              value: string(healthPort)
            }
          ]
          // Ready only after the model set is downloaded, verified and warmed: up to 60 + 10 x 30 s.
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/health/ready'
                port: healthPort
              }
              initialDelaySeconds: 60
              periodSeconds: 30
              timeoutSeconds: 5
              failureThreshold: 10
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/health/ready'
                port: healthPort
              }
              periodSeconds: 15
              timeoutSeconds: 5
              failureThreshold: 3
            }
            {
              // /healthz fails only when the worker loop has crashed (state Faulted), never while models load or a job
              // runs: such a replica would otherwise hold its GPU forever, so it is restarted after 3 x 30 s.
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: healthPort
              }
              periodSeconds: 30
              timeoutSeconds: 5
              failureThreshold: 3
            }
          ]
          volumeMounts: [
            {
              volumeName: 'model-cache'
              mountPath: modelCachePath
            }
          ]
        }
      ]
      volumes: [
        {
          // Replica-local disk: a fresh replica downloads and verifies the model set once, then reuses it.
          name: 'model-cache'
          storageType: 'EmptyDir'
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: maxReplicas
        cooldownPeriod: cooldownSeconds
        pollingInterval: 15
        rules: [
          {
            name: 'diffusion-jobs-queue'
            azureQueue: {
              accountName: storage.name
              queueName: names.queues.diffusionJobs
              queueLength: queueLengthPerReplica
              identity: identity.id
            }
          }
        ]
      }
    }
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

output environmentId string = environment.id
output environmentName string = environment.name
output appName string = worker.name
