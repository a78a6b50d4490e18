// The storage account for Firstday's tables. Shared keys are switched off: the only way in is the
// managed identity, by role.

param resourceBaseName string
param location string
param principalId string
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
param sku string

// Built-in role: Storage Table Data Contributor (read, write and delete tables and entities).
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  // 3-24 lower-case letters and digits, unique across Azure.
  name: take('${toLower(replace(resourceBaseName, '-', ''))}${uniqueString(resourceGroup().id)}', 24)
  location: location
  kind: 'StorageV2'
  sku: {
    name: sku
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, tableDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

var tableEndpointWithSlash = account.properties.primaryEndpoints.table

output accountName string = account.name
// Without the trailing slash, as TABLES_ENDPOINT is documented.
output tableEndpoint string = endsWith(tableEndpointWithSlash, '/') ? substring(tableEndpointWithSlash, 0, length(tableEndpointWithSlash) - 1) : tableEndpointWithSlash
