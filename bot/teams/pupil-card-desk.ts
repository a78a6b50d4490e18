/**
 * Applies a change to a pupil's card: read, decide (a pure step from bot/domain/pupil-card), write under the
 * ETag, and on a clash read again and decide again, so of twenty presses at once exactly one claim wins and
 * the rest are told who has it. After the write: the chronology and audit, then the card everyone sees is
 * updated in Teams and the summary's counts follow.
 */
import type { CaseLink } from './case-link';
import type { CardChange, PupilCard } from '../domain/pupil-card';
import type { Logger } from '../platform/logger';
import { ConcurrencyError } from '../store/errors';
import type { Stored } from '../store/json-table';
import type { Repositories } from '../store/repositories';
import { cardMessage, sharedCard } from './card-views';
import type { StaffDirectory } from './staff-recognition';
import type { SummaryUpdater } from './summary-updater';
import type { TeamsSender } from './teams-sender';
import { toLocal } from '../domain/clock';

export interface DeskOptions {
  repos: Repositories;
  sender: TeamsSender;
  directory: StaffDirectory;
  summaries: SummaryUpdater;
  logger: Logger;
  now: () => Date;
  caseLink?: CaseLink;
}

/** Who did it and from where, for the audit log. */
export interface AuditActor {
  id: string;
  name: string;
  source: string;
}

export type Applied = { ok: true; card: PupilCard; changed: boolean } | { ok: false; problem: string; card?: PupilCard };

/** What the channel's card and the summary's counts are drawn from. */
function seenByEveryone(card: PupilCard): string {
  return JSON.stringify([card.status, card.claim, card.outcome?.byName, card.outcome?.at, card.noContact?.at, card.concerns.length]);
}

export class PupilCardDesk {
  constructor(private readonly options: DeskOptions) {}

  async get(urn: string, date: string, upn: string): Promise<PupilCard | undefined> {
    return (await this.read(urn, date, upn))?.value;
  }

  read(urn: string, date: string, upn: string): Promise<Stored<PupilCard> | undefined> {
    return this.options.repos.pupilCards.get(urn, date, upn);
  }

  /** `first` is the card as the caller already read it: tried first, read again only after a clash. */
  async apply(urn: string, date: string, upn: string, by: AuditActor, step: (card: PupilCard) => CardChange, first?: Stored<PupilCard>): Promise<Applied> {
    const { repos } = this.options;
    for (let attempt = 1; ; attempt++) {
      const stored = attempt === 1 && first ? first : await repos.pupilCards.get(urn, date, upn);
      if (!stored) return { ok: false, problem: 'This pupil is not on the list for that day.' };
      const result = step(stored.value);
      if (!result.ok) {
        await this.audit(urn, upn, by, 'card.refused', 'denied', result.problem);
        return { ok: false, problem: result.problem, card: stored.value };
      }
      if (result.unchanged) return { ok: true, card: stored.value, changed: false };
      // Entries of the previous change are written again in case its writer stopped before finishing (same ids).
      const pending = stored.value.outbox;
      try {
        await repos.pupilCards.replace(result.card, stored.etag);
      } catch (err) {
        if (err instanceof ConcurrencyError && attempt < 25) {
          // Someone else changed the card: decide again on what they left. A little jitter spreads the retries.
          await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
          continue;
        }
        throw err;
      }
      await Promise.all([
        ...[...pending, ...result.events].map((e) => repos.chronology.add(urn, { ...e, pupilUpn: upn })),
        this.audit(urn, upn, by, result.action, 'ok'),
      ]);
      // Script steps and most calls change nothing the channel sees: no update, no refresh for the claimer.
      if (seenByEveryone(stored.value) !== seenByEveryone(result.card)) this.showEveryone(result.card);
      return { ok: true, card: result.card, changed: true };
    }
  }

  /**
   * A press on a copy of the card (posted again after an in-doubt send): remember the copy, so that from now on
   * every change reaches it too. Returns the card as stored afterwards.
   */
  async adoptCopy(stored: Stored<PupilCard>, activityId: string): Promise<Stored<PupilCard>> {
    const { urn, date } = stored.value;
    for (let current = stored; ; ) {
      const posting = current.value.posting;
      if (posting.activityId === activityId || posting.copies?.includes(activityId)) return current;
      const next: PupilCard = { ...current.value, posting: { ...posting, copies: [...(posting.copies ?? []), activityId] } };
      try {
        const etag = await this.options.repos.pupilCards.replace(next, current.etag);
        this.showEveryone(next);
        return { value: next, etag };
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
        const again = await this.read(urn, date, current.value.pupil.upn);
        if (!again) return current;
        current = again;
      }
    }
  }

  /** Updates the card in the channel (and any copy of it) from the latest stored state, and the summary's counts. */
  showEveryone(card: PupilCard): void {
    this.options.summaries.touch(card.urn, card.date);
    const { where, activityId, copies = [] } = card.posting;
    if (!where || !activityId) return;
    for (const id of [activityId, ...copies]) {
      this.options.sender
        .update(where, id, async () => {
          const latest = await this.get(card.urn, card.date, card.pupil.upn);
          const school = await this.options.directory.school(card.urn);
          if (!latest || !school) return undefined;
          return cardMessage(sharedCard(latest, { school, today: toLocal(this.options.now(), school.timeZone).date, caseLink: this.options.caseLink }), latest.pupil.name);
        })
        .catch((err) => this.options.logger.error('could not update a pupil card in Teams', { urn: card.urn, error: (err as Error).message }));
    }
  }

  async audit(urn: string, upn: string | undefined, by: AuditActor, action: string, outcome: 'ok' | 'denied' | 'failed', detail?: string): Promise<void> {
    await this.options.repos.audit.record({
      urn,
      at: this.options.now().toISOString(),
      actorId: by.id,
      actorName: by.name,
      action,
      pupilUpn: upn,
      source: by.source,
      outcome,
      detail,
    });
  }
}
