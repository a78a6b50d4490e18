/**
 * The app-only credential Firstday calls Graph with, chosen from the bot's own settings, for the one tenant it
 * serves. Graph needs application permissions User.Read.All (staff, memberships) and TeamsActivity.Send
 * (activity feed), granted by the school's admin to the app registration.
 *
 * Graph is always called as the app registration (AAD_APP_CLIENT_ID), never as the managed identity itself:
 * activity-feed notifications must come from the app named in the Teams package (webApplicationInfo), and the
 * team's resource-specific consent is granted to that app. With a managed identity (UserAssignedMSI) there is
 * no secret: the registration trusts the identity through a federated credential, and the identity's token for
 * api://AzureADTokenExchange is the assertion (docs/deploy.md, section 3).
 */
import type { TokenCredential } from '@azure/core-auth';
import { ClientAssertionCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import type { Config } from '../platform/config';

export type GraphCredentialChoice = { credential: TokenCredential; tenantId: string } | { notConfigured: string };

export function graphCredentialFromConfig(config: Pick<Config, 'bot' | 'allowedTenants'> & { sso?: Config['sso'] }): GraphCredentialChoice {
  const { appId, appPassword, appTenantId, appType } = config.bot;
  if (!appId) return { notConfigured: 'no MicrosoftAppId is set (local development), so Firstday has no app identity to call Graph with' };
  // App-only tokens are issued per tenant: a multi-tenant bot can call Graph only when it serves exactly one.
  const tenantId = appTenantId ?? (config.allowedTenants.length === 1 ? config.allowedTenants[0] : undefined);
  if (!tenantId) {
    return { notConfigured: 'MicrosoftAppTenantId is not set and ALLOWED_TENANTS does not name exactly one tenant, so there is no tenant to ask Graph about' };
  }
  if (appType === 'UserAssignedMSI') {
    const registration = config.sso?.clientId;
    if (!registration) return { notConfigured: 'AAD_APP_CLIENT_ID is not set, so there is no app registration for the managed identity to act as' };
    const identity = new ManagedIdentityCredential({ clientId: appId });
    const assertion = async () => {
      const token = await identity.getToken('api://AzureADTokenExchange/.default');
      if (!token) throw new Error('the managed identity gave no token for api://AzureADTokenExchange');
      return token.token;
    };
    return { credential: new ClientAssertionCredential(tenantId, registration, assertion), tenantId };
  }
  if (!appPassword) return { notConfigured: 'MicrosoftAppPassword is not set' };
  return { credential: new ClientSecretCredential(tenantId, appId, appPassword), tenantId };
}
