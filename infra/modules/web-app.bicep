// The App Service plan and the Linux web app (Node 22 LTS) that runs the server, with the user-assigned
// managed identity. Its app settings are set in main.bicep, once the host name is known.

param resourceBaseName string
param location string
param sku string
param identityId string
param logAnalyticsWorkspaceId string

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: sku
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    // Key Vault references in the app settings are resolved with the same identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      // Node 22 LTS: the version package.json's engines and the server bundle's target (node22) name.
      linuxFxVersion: 'NODE|22-lts'
      // The server bundled by `npm run build:server`, run by Node itself.
      appCommandLine: 'node dist/server/index.js'
      // The morning run and reminders are timed inside the server: it must not be unloaded when idle.
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

// The console log (the server's JSON lines) and platform events go to Log Analytics. The HTTP access
// log is left out on purpose: its URLs are not reduced the way telemetry's are.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'firstday-logs'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
