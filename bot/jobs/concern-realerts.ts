/**
 * The 'concern-realerts' step: a concern nobody has acknowledged within the school's minutes is raised again
 * to the deputies and the attendance lead, once; a concern whose first alert never went out (the server
 * stopped just after it was stored) is sent now. Safe to run twice for a slot: sent alerts are recorded.
 */
import { concernDueAgain } from '../domain/concern';
import type { School } from '../domain/school';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import type { ConcernAlerts } from './ports';

export interface ConcernRealertsOptions {
  repos: Repositories;
  notifier: ConcernAlerts;
  logger: Logger;
}

export class ConcernRealerts {
  constructor(private readonly options: ConcernRealertsOptions) {}

  /** Returns how many concerns were raised again. */
  async run(school: School, now: Date): Promise<number> {
    let raised = 0;
    for (const concern of await this.options.repos.concerns.open(school.urn)) {
      if (!concernDueAgain(concern, school.concernAcknowledgeMinutes, now)) continue;
      await this.options.notifier.raiseAgain(school, concern);
      this.options.logger.warn(`Concern ${concern.id} was not acknowledged within ${school.concernAcknowledgeMinutes} minutes and has been raised again`, { urn: school.urn });
      raised++;
    }
    return raised;
  }
}
