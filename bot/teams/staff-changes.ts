/**
 * What follows a change to the staff list in Teams. When people leave the list (a new staff file replaces it),
 * the pupils they had claimed today and not yet finished must not wait for someone who is no longer there:
 * each such card goes back to unclaimed (under its ETag, on the card's history), the channel's card shows it
 * for everyone, and the attendance officers (the lead where there is none) are told in their 1:1 chat.
 */
import { toLocal } from '../domain/clock';
import { returnClaim, type PupilCard } from '../domain/pupil-card';
import type { School, StaffMember, StaffRole } from '../domain/school';
import { staffWithRole } from '../domain/school';
import type { Logger } from '../platform/logger';
import type { Repositories } from '../store/repositories';
import { staffName } from './card-views';
import type { AuditActor, PupilCardDesk } from './pupil-card-desk';
import type { StaffMessenger } from './staff-messenger';

/** Who holds a role (bot/graph/school-people.ts): the staff list plus the role's Entra group. */
export interface RoleHolders {
  withRole(school: School, role: StaffRole): Promise<StaffMember[]>;
}

export interface StaffChangesOptions {
  repos: Repositories;
  desk: PupilCardDesk;
  messenger: StaffMessenger;
  logger: Logger;
  now: () => Date;
  people?: RoleHolders;
}

export interface LeaversResult {
  /** Cards opened again, by the leaver's UPN. */
  reopened: { upn: string; pupils: string[] }[];
  /** Officers (or leads) told. */
  told: string[];
}

const FIRSTDAY: AuditActor = { id: 'firstday', name: 'Firstday', source: 'staff-import' };

export class StaffChanges {
  constructor(private readonly options: StaffChangesOptions) {}

  /** People who are no longer on the school's staff list: their open claims today are open again. */
  async staffLeft(urn: string, leavers: StaffMember[]): Promise<LeaversResult> {
    const { repos, desk, logger, now } = this.options;
    const result: LeaversResult = { reopened: [], told: [] };
    if (!leavers.length) return result;
    const school = (await repos.schools.get(urn))?.value;
    if (!school) return result;
    const today = toLocal(now(), school.timeZone).date;
    const cards = (await repos.pupilCards.list(urn, today)).map((s) => s.value);
    const reopenedCards: { leaver: StaffMember; card: PupilCard }[] = [];
    for (const leaver of leavers) {
      // Claims carry the UPN (actorFor); older ones may carry the object id.
      const ids = new Set([leaver.upn, leaver.aadObjectId].filter((x): x is string => !!x).map((x) => x.toLowerCase()));
      const theirs = (c: PupilCard) => c.status === 'in-progress' && !!c.claim && ids.has(c.claim.byId.toLowerCase());
      const reason = `${staffName(leaver)} is no longer on the staff list`;
      for (const card of cards.filter(theirs)) {
        // Decided again on the card as stored: someone may have released or reassigned it meanwhile.
        const applied = await desk.apply(urn, today, card.pupil.upn, FIRSTDAY, (c) => (theirs(c) ? returnClaim(c, reason, now()) : { ok: true, card: c, unchanged: true }));
        if (applied.ok && applied.changed) reopenedCards.push({ leaver, card: applied.card });
      }
    }
    for (const leaver of leavers) {
      // In the order the day's list reads: by year group, then name.
      const pupils = reopenedCards
        .filter((r) => r.leaver === leaver)
        .map((r) => r.card.pupil)
        .sort((x, y) => x.yearGroup - y.yearGroup || x.name.localeCompare(y.name));
      if (!pupils.length) continue;
      result.reopened.push({ upn: leaver.upn, pupils: pupils.map((p) => p.upn) });
      const text = leaverMessage(staffName(leaver), pupils);
      const officers = await this.officers(school);
      if (!officers.length) {
        logger.warn(`Claims of a member of staff who has left were opened again at school ${urn}, but there is no attendance officer or lead to tell`, { urn });
        continue;
      }
      const delivered = await this.options.messenger.sendEach(urn, officers, () => ({ type: 'message', text }));
      result.told.push(...delivered.map((d) => d.staff.upn));
    }
    if (result.reopened.length) {
      logger.info(`Opened again ${reopenedCards.length} claim(s) of staff who have left the list at school ${urn}`, { urn, cards: reopenedCards.length });
    }
    return result;
  }

  /** The attendance officers; the attendance lead where there is none. */
  private async officers(school: School): Promise<StaffMember[]> {
    const holders = (role: StaffRole) => this.options.people?.withRole(school, role) ?? Promise.resolve(staffWithRole(school, role));
    const officers = await holders('attendance-officer');
    return officers.length ? officers : holders('attendance-lead');
  }
}

/** "Mrs X is no longer on the staff list, so their claims on Aaliyah B (Year 9) and Ben C (Year 7) are open again." */
export function leaverMessage(name: string, pupils: Pick<PupilCard['pupil'], 'name' | 'yearGroup'>[]): string {
  const named = pupils.map((p) => `${p.name} (Year ${p.yearGroup})`);
  const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}` : named[0];
  return pupils.length === 1
    ? `${name} is no longer on the staff list, so their claim on ${list} is open again.`
    : `${name} is no longer on the staff list, so their claims on ${list} are open again.`;
}
