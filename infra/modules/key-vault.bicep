// The Key Vault holding the optional service API key (the bot has no client secret: it is the managed
// identity). Access is by role only: the managed identity may read secrets, nothing more.

param resourceBaseName string
param location string
param principalId string
@secure()
param firstdayApiKey string

// Built-in role: Key Vault Secrets User (read secret contents).
var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  // 3-24 letters, digits and hyphens, unique across Azure.
  name: '${take(resourceBaseName, 10)}-kv-${take(uniqueString(resourceGroup().id), 8)}'
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource readSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, secretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource apiKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(firstdayApiKey)) {
  parent: vault
  name: 'firstday-api-key'
  properties: {
    value: firstdayApiKey
    contentType: 'Bearer key for service callers of the import and daily-run routes'
  }
}

output name string = vault.name
// Versionless: App Service picks up a rotated key without a redeployment.
output apiKeySecretUri string = empty(firstdayApiKey) ? '' : apiKey.properties.secretUri
