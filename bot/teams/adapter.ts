/**
 * The Bot Framework adapter. With no MicrosoftAppId it runs anonymously (Agents Playground, tests,
 * loopback only); with one, every incoming request's token is validated by botbuilder.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { credentialFactory } from './credentials';

export function createAdapter(options: { config: Config; logger: Logger }): CloudAdapter {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, credentialFactory(options.config.bot)));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    options.logger.error('bot turn failed', { activityType: context.activity.type, error: error.message });
    // An invoke must always be answered, or Teams shows its own generic failure.
    if (context.activity.type !== 'invoke') {
      await context.sendActivity('Sorry, something went wrong on our side. Please try again in a moment.').catch(() => undefined);
    }
  };
  return adapter;
}
