// The Azure Bot: the user-assigned managed identity is the bot's identity (msaAppType UserAssignedMSI, as
// in Microsoft's current templates), so there is no client secret to store or rotate; its messaging
// endpoint on the web app; and the Microsoft Teams channel.

param resourceBaseName string
@maxLength(42)
param displayName string
param identityClientId string
param identityResourceId string
param tenantId string
param messagingEndpoint string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppId: identityClientId
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: tenantId
    msaAppType: 'UserAssignedMSI'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output name string = bot.name
