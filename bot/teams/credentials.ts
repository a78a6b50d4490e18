/**
 * The bot's credentials, from botbuilder's factory: the adapter validates incoming requests with them, and
 * the connector and Graph clients get their tokens from them. Without an app id everything is anonymous
 * (local development and tests, loopback only).
 */
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../platform/config';
import type { TokenSource } from './connector-client';

export function credentialFactory(bot: Config['bot']): ConfigurationServiceClientCredentialFactory {
  return new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    // botbuilder insists on an app id for SingleTenant; anonymous local mode has none.
    MicrosoftAppType: bot.appId ? bot.appType : 'MultiTenant',
    MicrosoftAppTenantId: bot.appTenantId ?? '',
  });
}

/** Bearer tokens for an audience (the Bot Connector, or Microsoft Graph); none when running anonymously. */
export function tokenSource(factory: ConfigurationServiceClientCredentialFactory, appId: string | undefined, audience: string): TokenSource {
  let credentials: Promise<{ getToken(forceRefresh?: boolean): Promise<string> }> | undefined;
  return async () => {
    if (!appId || (await factory.isAuthenticationDisabled())) return undefined;
    credentials ??= factory.createCredentials(appId, audience, AuthenticationConstants.ToChannelFromBotLoginUrl, true) as unknown as Promise<{
      getToken(forceRefresh?: boolean): Promise<string>;
    }>;
    // The credentials cache the token and renew it before it expires.
    return (await credentials).getToken();
  };
}

export const CONNECTOR_AUDIENCE = AuthenticationConstants.ToChannelFromBotOAuthScope;
