/**
 * The 'card-clock' step, every few minutes of the school day: each card on today's list is checked against the
 * school's clock (bot/domain/card-clock.ts). A card nobody has claimed is raised with the attendance officers,
 * then the attendance lead; a claimed card with no outcome with the person calling, then the officers. Each raise
 * is written on the card under its ETag before anyone is told, so with two servers ticking only the one whose
 * write wins sends it (at most a lost message, never a doubled one, if a server stops between the two).
 */
import { cardClockOf, dueRaises, markRaised, raiseAudience, raiseReason, type RaiseKind } from '../domain/card-clock';
import { toLocal } from '../domain/clock';
import type { PupilCard } from '../domain/pupil-card';
import { findStaff, type School, type StaffMember, type StaffRole } from '../domain/school';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import type { PupilCardChanges, Requester, RoleHolders, StaffMessages } from './ports';

export interface CardClockChecksOptions {
  repos: Repositories;
  cards: PupilCardChanges;
  staff: StaffMessages;
  people: RoleHolders;
  logger: Logger;
}

const CLOCK: Requester = { id: 'firstday-clock', name: 'Firstday', source: 'scheduler' };

/** What the person told is asked to do, by raise. */
const ASK: Record<RaiseKind, string> = {
  'unclaimed-officer': 'Please claim the card in the pastoral channel, or give it to someone who can ring now.',
  'unclaimed-lead': 'The attendance officer was told and the card is still unclaimed: please make sure someone rings now.',
  'stalled-claimer': 'Please log your calls and record the outcome, or release the card so someone else can ring.',
  'stalled-officer': 'Please check with them, or give the card to someone else.',
};

export class CardClockChecks {
  constructor(private readonly options: CardClockChecksOptions) {}

  /** Returns how many raises were sent. */
  async run(school: School, now: Date): Promise<number> {
    const { repos, cards, staff, people, logger } = this.options;
    const clock = cardClockOf(school);
    const today = toLocal(now, school.timeZone).date;
    // Role holders may come from Entra groups (a Graph call): looked up once a run, not once a card.
    const holders = new Map<StaffRole, Promise<StaffMember[]>>();
    const withRole = (role: StaffRole) => {
      if (!holders.has(role)) holders.set(role, people.withRole(school, role));
      return holders.get(role)!;
    };
    let sent = 0;
    for (const { value: card } of await repos.pupilCards.list(school.urn, today)) {
      const due = dueRaises(card, clock, now);
      if (!due.length) continue;
      const audiences = new Map<RaiseKind, StaffMember[]>();
      for (const kind of due) audiences.set(kind, await audienceOf(school, card, kind, withRole));
      const names = Object.fromEntries([...audiences].map(([k, to]) => [k, to.map((s) => s.title || s.displayName)]));
      const applied = await cards.apply(card.urn, card.date, card.pupil.upn, CLOCK, (c) => markRaised(c, due, names, clock, CLOCK, now, school.timeZone));
      if (!applied.ok || !applied.changed) continue;
      const made = (applied.card.raised ?? []).filter((r) => r.at === now.toISOString());
      for (const raise of made) {
        const to = audiences.get(raise.kind) ?? [];
        if (!to.length) {
          logger.warn(`Nobody holds the role to be told that ${card.pupil.upn}'s card needs attention (${raise.kind})`, { urn: school.urn });
          continue;
        }
        const told = await staff.tellEach(school.urn, to, `${raiseReason(applied.card, raise.kind, clock, school.timeZone)} ${ASK[raise.kind]}`);
        sent += told.length;
      }
    }
    return sent;
  }
}

async function audienceOf(school: School, card: PupilCard, kind: RaiseKind, withRole: (role: StaffRole) => Promise<StaffMember[]>): Promise<StaffMember[]> {
  const audience = raiseAudience(kind);
  if (audience !== 'claimer') return withRole(audience.role);
  const claimer = card.claim ? findStaff(school, card.claim.byId) : undefined;
  return claimer ? [claimer] : [];
}
