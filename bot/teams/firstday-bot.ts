/**
 * The bot's conversation handling. Teams sends installs, messages and card actions here.
 */
import { TeamsActivityHandler, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import type { Repositories } from '../store/repositories';

export interface FirstdayBotOptions {
  repos: Repositories;
  logger: Logger;
  /** Tenants whose traffic is accepted; empty accepts any (development). */
  allowedTenants: string[];
}

export class FirstdayBot extends TeamsActivityHandler {
  constructor(private readonly options: FirstdayBotOptions) {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(
        'Firstday posts the morning\'s unexplained absences into this channel as cards. Claim a pupil to ring their contacts and walk the call script.',
      );
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const tenant = context.activity.conversation?.tenantId ?? context.activity.channelData?.tenant?.id;
    const allowed = this.options.allowedTenants;
    if (allowed.length > 0 && (!tenant || !allowed.includes(tenant))) {
      this.options.logger.warn('activity from a tenant that is not allowed was ignored', { tenant: tenant ?? 'none' });
      return;
    }
    await super.run(context);
  }
}
