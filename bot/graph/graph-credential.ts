/**
 * The app-only credential Firstday calls Graph with, chosen from the bot's own settings: the bot's
 * managed identity (MicrosoftAppType=UserAssignedMSI) or its client secret, for the one tenant it
 * serves. Graph needs application permissions User.Read.All (staff, memberships) and
 * TeamsActivity.Send (activity feed), granted by the school's admin.
 */
import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import type { Config } from '../config';

export type GraphCredentialChoice = { credential: TokenCredential; tenantId: string } | { notConfigured: string };

export function graphCredentialFromConfig(config: Pick<Config, 'bot' | 'allowedTenants'>): GraphCredentialChoice {
  const { appId, appPassword, appTenantId, appType } = config.bot;
  if (!appId) return { notConfigured: 'no MicrosoftAppId is set (local development), so Firstday has no app identity to call Graph with' };
  // App-only tokens are issued per tenant: a multi-tenant bot can call Graph only when it serves exactly one.
  const tenantId = appTenantId ?? (config.allowedTenants.length === 1 ? config.allowedTenants[0] : undefined);
  if (!tenantId) {
    return { notConfigured: 'MicrosoftAppTenantId is not set and ALLOWED_TENANTS does not name exactly one tenant, so there is no tenant to ask Graph about' };
  }
  if (appType === 'UserAssignedMSI') return { credential: new ManagedIdentityCredential({ clientId: appId }), tenantId };
  if (!appPassword) return { notConfigured: 'MicrosoftAppPassword is not set' };
  return { credential: new ClientSecretCredential(tenantId, appId, appPassword), tenantId };
}
