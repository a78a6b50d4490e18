/**
 * The 'reminders' step, every few minutes of the school day: the claimer of a pupil whose agreed arrival
 * time has passed with no present or late mark; a call-back's named owner (task, then reminder when due); each band crossing nobody has acted on, to the pupil's heads
 * of year and the band's watcher (the case opened first, then the crossing marked handled). (The 24-hour
 * no-contact prompt is a safeguarding timer: it runs every day, school day or not.) What is sent is recorded under an ETag before it goes (arrival) or the crossing is marked
 * after (at most a repeat if the server stops between the two), and the scheduler runs a slot once.
 */
import { toLocal } from '../domain/clock';
import { arrivalReminderDue, callBackOwner, callBackReminderDue, markArrivalReminded, markCallBackReminded, markCallBackTasked } from '../domain/reminders';
import type { School, StaffMember } from '../domain/school';
import { academicYearOf, markAt } from '../domain/session-marks';
import type { Logger } from '../platform/logger';
import type { FiguresRepository } from '../store/figures-repository';
import type { Repositories } from '../store/repositories';
import { openCasesForCrossings } from './band-crossing-cases';
import type { CallBacks, PupilCardChanges, Requester, StaffMessages } from './ports';

export interface RemindersOptions {
  repos: Repositories;
  cards: PupilCardChanges;
  staff: StaffMessages;
  callBacks: CallBacks;
  figures: Pick<FiguresRepository, 'unhandledCrossings' | 'markCrossingHandled'>;
  logger: Logger;
}

const REMINDERS: Requester = { id: 'firstday-reminders', name: 'Firstday (reminders)', source: 'scheduler' };

export interface RemindersRun {
  arrivals: number;
  /** Tasks given and reminders sent. */
  callBacks: number;
  crossings: number;
}

export class Reminders {
  constructor(private readonly options: RemindersOptions) {}

  async run(school: School, now: Date): Promise<RemindersRun> {
    const arrivals = await this.arrivals(school, now);
    const callBacks = await this.callBacks(school, now);
    const crossings = await this.crossings(school, now);
    return { arrivals, callBacks, crossings };
  }

  /** Claimers of pupils not in by their agreed time (plus grace). */
  async arrivals(school: School, now: Date): Promise<number> {
    const { repos, cards: changes, staff } = this.options;
    const local = toLocal(now, school.timeZone);
    const cards = (await repos.pupilCards.list(school.urn, local.date)).map((s) => s.value).filter((c) => c.status === 'resolved' && c.outcome?.arrivalTime && !c.arrivalReminderAt);
    let sent = 0;
    for (const card of cards) {
      const year = (await repos.marks.get(school.urn, academicYearOf(local.date), card.pupil.upn))?.value;
      const marks = year ? [markAt(year, local.date, 'AM'), markAt(year, local.date, 'PM')] : [];
      if (!arrivalReminderDue(card, local.date, local.time, marks)) continue;
      const claimer = school.staff.find((s) => s.upn.toLowerCase() === card.claim?.byId.toLowerCase() || s.aadObjectId === card.claim?.byId);
      if (!claimer) continue;
      const applied = await changes.apply(card.urn, card.date, card.pupil.upn, REMINDERS, (c) => markArrivalReminded(c, REMINDERS, now));
      if (!applied.ok || !applied.changed) continue;
      await staff
        .tell(
          school.urn,
          claimer,
          `${card.pupil.name} (${card.pupil.form}) was due in by ${card.outcome!.arrivalTime} as agreed with ${card.outcome!.contactName}, and has no present or late mark yet. Please check with reception and ring the family again.`,
        )
        .then(() => sent++)
        .catch((err) => this.options.logger.error('could not send an arrival reminder', { urn: school.urn, staff: claimer.upn, error: (err as Error).message }));
    }
    return sent;
  }

  /** A call-back promised by a named member of staff: their task at once, a reminder when it is due. */
  async callBacks(school: School, now: Date): Promise<number> {
    const { repos, cards: changes, callBacks, logger } = this.options;
    const today = toLocal(now, school.timeZone).date;
    let sent = 0;
    for (const { value: card } of await repos.pupilCards.list(school.urn, today)) {
      if (card.status !== 'resolved') continue;
      const owner = card.callBack ? school.staff.find((s) => s.upn.toLowerCase() === card.callBack!.upn.toLowerCase()) : callBackOwner(card, school.staff);
      if (!owner) continue;
      const reminder = !!card.callBack;
      if (reminder && !callBackReminderDue(card, now)) continue;
      const applied = await changes.apply(card.urn, card.date, card.pupil.upn, REMINDERS, (c) => (reminder ? markCallBackReminded(c, now) : markCallBackTasked(c, owner, REMINDERS, now)));
      if (!applied.ok || !applied.changed) continue;
      await callBacks
        .send(school, owner, applied.card, reminder)
        .then(() => sent++)
        .catch((err) => logger.error('could not send a call-back task', { urn: school.urn, staff: owner.upn, error: (err as Error).message }));
    }
    return sent;
  }

  /**
   * Each unhandled crossing: case first, then the heads of year and the watcher, then marked handled. The
   * pupils of the year's baseline are never crossings (FiguresRepository.recordBaseline), so none is sent here.
   */
  async crossings(school: School, now: Date): Promise<number> {
    const { repos, figures, staff } = this.options;
    const academicYear = academicYearOf(toLocal(now, school.timeZone).date);
    const pending = await figures.unhandledCrossings(school.urn, academicYear);
    if (!pending.length) return 0;
    await openCasesForCrossings({ repos, figures }, school.urn, academicYear);
    let handled = 0;
    for (const c of pending) {
      const upns = new Set([...(c.headsOfYear ?? []), ...(c.watcherUpn ? [c.watcherUpn] : [])].map((u) => u.toLowerCase()));
      const to: StaffMember[] = school.staff.filter((s) => upns.has(s.upn.toLowerCase()));
      const pupil = (await repos.pupils.get(school.urn, c.upn))?.value;
      const name = pupil ? `${pupil.preferredForename || pupil.legalForename} ${pupil.preferredSurname || pupil.legalSurname}` : c.upn;
      const delivered = await staff.tellEach(
        school.urn,
        to,
        `${name} (Year ${c.yearGroup}) has moved into "${c.label}": ${c.percent.toFixed(1)}% attendance this year to ${c.crossedOn}. A Support First case is open for them in Firstday.`,
      );
      // Nobody reached: the next slot tries again. Some reached: marked, so they are not sent it twice; the rest are logged.
      if (to.length && !delivered.length) continue;
      const missed = to.filter((m) => !delivered.some((d) => d.staff.upn === m.upn));
      if (missed.length) this.options.logger.error(`A band crossing alert for ${c.upn} could not reach ${missed.map((m) => m.upn).join(', ')}`, { urn: school.urn });
      await figures.markCrossingHandled(school.urn, academicYear, c.upn, c.belowPercent, now.toISOString());
      await repos.audit.record({ urn: school.urn, at: now.toISOString(), actorId: REMINDERS.id, actorName: REMINDERS.name, action: 'band-crossing.alert', pupilUpn: c.upn, source: 'scheduler', outcome: 'ok', detail: `${c.label} sent to ${to.map((s) => s.upn).join(', ') || 'nobody named'}` });
      handled++;
    }
    return handled;
  }
}
