// Firstday in one resource group: a user-assigned managed identity, which is also the bot's identity (no
// client secret to rotate); the storage account its tables live in (reached by that identity, no keys);
// Application Insights with Log Analytics; a Key Vault for the optional service key; the Linux web app (Node 22 LTS) running the server; and the Azure Bot with the
// Microsoft Teams channel. Deployed by the Microsoft 365 Agents Toolkit (m365agents.yml, arm/deploy)
// or by `az deployment group create` (docs/deploy.md).

@minLength(4)
@maxLength(20)
@description('Lower-case letters and digits, starting with a letter: every resource is named from it, and the web app answers on <name>.azurewebsites.net.')
param resourceBaseName string

@description('Client id of the Firstday Entra app: the tab\'s single sign-on and the Graph permissions (the Teams package\'s webApplicationInfo). The bot is the managed identity.')
param aadAppClientId string

@description('Entra tenants whose staff may use Firstday, comma-separated. Default: the tenant deployed to.')
param allowedTenants string = tenant().tenantId

@description('A custom host name already bound to the web app (e.g. firstday.oaktrust.org.uk). Empty: <resourceBaseName>.azurewebsites.net.')
param customHost string = ''

@secure()
@description('Optional bearer key (32 characters or more) for service callers of the import and daily-run routes.')
param firstdayApiKey string = ''

@description('App Service plan size: B1 for one school, P0v3 or larger for a trust.')
param webAppSku string = 'B1'

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
param storageSku string = 'Standard_ZRS'

@minValue(30)
@maxValue(730)
param logRetentionInDays int = 90

@maxLength(42)
param botDisplayName string = 'Firstday'

param location string = resourceGroup().location

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'firstday-monitoring'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    retentionInDays: logRetentionInDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'firstday-storage'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    principalId: identity.properties.principalId
    sku: storageSku
  }
}

module vault 'modules/key-vault.bicep' = {
  name: 'firstday-key-vault'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    principalId: identity.properties.principalId
    firstdayApiKey: firstdayApiKey
  }
}

module web 'modules/web-app.bicep' = {
  name: 'firstday-web-app'
  params: {
    resourceBaseName: resourceBaseName
    location: location
    sku: webAppSku
    identityId: identity.id
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

var publicHost = empty(customHost) ? web.outputs.defaultHostName : customHost

// Every setting the server reads in production (bot/platform/config.ts, SETTINGS), by name. The bot signs in to
// the Bot Framework as the managed identity, so there is no MicrosoftAppPassword; the one secret, the
// optional service key, is a Key Vault reference resolved by the web app's identity.
var serverSettings = {
  NODE_ENV: 'production'
  MicrosoftAppId: identity.properties.clientId
  MicrosoftAppType: 'UserAssignedMSI'
  MicrosoftAppTenantId: identity.properties.tenantId
  ALLOWED_TENANTS: allowedTenants
  AAD_APP_CLIENT_ID: aadAppClientId
  PUBLIC_HOST: publicHost
  TABLES_ENDPOINT: storage.outputs.tableEndpoint
  AZURE_CLIENT_ID: identity.properties.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
}

// Set only when a key was given: a reference to a missing secret would reach the server as its literal text.
var apiKeySetting = empty(firstdayApiKey) ? {} : {
  FIRSTDAY_API_KEY: '@Microsoft.KeyVault(SecretUri=${vault.outputs.apiKeySecretUri})'
}

// Read by App Service itself, not by the server: run the deployed zip as it is, without a build on the server.
var platformSettings = {
  WEBSITE_RUN_FROM_PACKAGE: '1'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  name: '${resourceBaseName}/appsettings'
  properties: union(serverSettings, apiKeySetting, platformSettings)
  dependsOn: [
    web
  ]
}

module bot 'modules/bot.bicep' = {
  name: 'firstday-bot'
  params: {
    resourceBaseName: resourceBaseName
    displayName: botDisplayName
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    tenantId: identity.properties.tenantId
    messagingEndpoint: 'https://${publicHost}/api/messages'
  }
}

// Written by the toolkit into env/.env.<env>; the same names the app package and deploy steps read.
output AZURE_APP_SERVICE_RESOURCE_ID string = web.outputs.id
output PUBLIC_HOST string = publicHost
// The bot's id in the Teams package is the identity's client id, as in the Azure Bot.
output BOT_ID string = identity.properties.clientId
output TABLES_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_CLIENT_ID string = identity.properties.clientId
output KEY_VAULT_NAME string = vault.outputs.name
// The identity's object id: the subject of the Entra app's federated credential (docs/deploy.md, step 3).
output IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
