/**
 * The daily run: work out the day's unexplained list, let the attendance officer double-check it (the first-day calling guidance
 * step 4) where the school wants that, then post the summary card and one card per pupil into the school's
 * pastoral channel, each exactly once.
 *
 * Exactly once: progress lives in Table Storage. One process posts a school's day at a time, holding a lease
 * on the run record that it renews while it works; a second run, on this server or another, sees the lease
 * and stands back. Each card is marked `sending` (ETag-guarded) before it is posted and `posted`, with its
 * Teams message id, after. A card found `sending` by a later run is in doubt: Teams may have accepted it
 * just before the poster died. The run then looks for it in the channel through Microsoft Graph and only
 * posts it again if it is not there; without Graph it posts again and marks the card as resent.
 *
 * The register must have arrived: with no marks for the session every pupil would look absent, so until most
 * of the roll is marked (bot/domain/register-arrival.ts) nothing is listed; the attendance officer is told once
 * and the scheduler looks again. The afternoon list (pupils in this morning, missing this afternoon) joins the
 * same run: its pupils are added to the day's list and their cards posted into the day's thread the same way.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { carryOverFrom, previousSchoolDay } from '../domain/carry-over';
import { isValidDate, toLocal } from '../domain/clock';
import { afternoonList, dailyList, type DailyList, type DailyListInput } from '../domain/daily-list';
import { registerArrival, registerNotArrivedText, lastMarksText, type RegisterArrival } from '../domain/register-arrival';
import { newPupilCard, type PupilCard } from '../domain/pupil-card';
import type { School } from '../domain/school';
import { isSchoolDay, staffWithRole } from '../domain/school';
import { academicYearOf, type Session } from '../domain/session-marks';
import type { Logger } from '../platform/logger';
import type { SchoolChannel } from '../store/channels-repository';
import type { DailyRunRecord, ListPreview } from '../store/daily-runs-repository';
import { AlreadyExistsError, ConcurrencyError } from '../store/errors';
import { NoticesRepository } from '../store/notices-repository';
import type { Stored } from '../store/json-table';
import type { Repositories } from '../store/repositories';
import type { ListChannel, ListToCheck, OfficerChats, OfficerMessage, PostedMessage, Requester } from './ports';

export class DailyRunError extends Error {
  constructor(
    readonly code: 'no-school' | 'not-school-day' | 'bad-date' | 'no-channel' | 'not-allowed' | 'no-run',
    message: string,
  ) {
    super(message);
    this.name = 'DailyRunError';
  }
}

export interface DailyRunnerOptions {
  repos: Repositories;
  /** Where the summary and the pupils' cards are posted (and a post in doubt is looked for). */
  channel: ListChannel;
  /** Where the attendance officers get the list to check, and hear that the register has not arrived. */
  officers: OfficerChats;
  logger: Logger;
  now: () => Date;
  /** How long a poster's claim on a run holds without renewal. */
  leaseMs?: number;
  /** Cards sent ahead of the one whose answer is awaited; they go out in list order. */
  lookahead?: number;
}

export type RunResult =
  /** The session's register has not reached Firstday: nothing listed; `told` people were told just now (0 if already told). */
  | { state: 'waiting'; date: string; session: Session; lastMarks: string; told: number; message: string }
  /** The afternoon list waits for the morning's to be posted (it goes into the morning's thread). */
  | { state: 'morning-first'; date: string; morning: 'none' | DailyRunRecord['state'] }
  | { state: 'awaiting-review'; date: string; listed: number; previews: number }
  | { state: 'posted'; date: string; listed: number; posted: number; alreadyPosted: number; foundAfterDoubt: number; resentAfterDoubt: number }
  | { state: 'busy'; date: string; leaseUntil: string };

interface PostingTally {
  posted: number;
  alreadyPosted: number;
  foundAfterDoubt: number;
  resentAfterDoubt: number;
}

type DayInputs = Pick<DailyListInput, 'pupils' | 'marks' | 'reports'>;

export class DailyRunner {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly notices: NoticesRepository;

  constructor(private readonly options: DailyRunnerOptions) {
    this.notices = new NoticesRepository({ store: options.repos.store });
  }

  /**
   * Starts (or carries on) a school's day: works out the list, adds anyone new to it, then either sends
   * the officer the preview or posts. Safe to call any number of times, from any number of processes.
   */
  async start(urn: string, date: string | undefined, by: Requester): Promise<RunResult> {
    const { school, day, channel } = await this.dayOf(urn, date);
    const inputs = await this.loadDay(school, day);
    // Once a run exists its register had arrived; a later start only adds pupils newly on the list.
    if (!(await this.options.repos.dailyRuns.get(urn, day))) {
      const arrival = registerArrival({ date: day, session: 'AM', pupils: inputs.pupils, marks: inputs.marks });
      if (!arrival.arrived) return this.waitForRegister(school, channel, arrival, by);
    }

    const list = this.computeList(school, day, inputs);
    const run = await this.ensureRun(school, day, list, by);
    await this.audit(urn, by, 'daily.start', `${list.entries.length} on the list for ${day}`);
    if (run.value.state === 'awaiting-review') {
      const previews = await this.sendPreviews(school, channel, run.value);
      return { state: 'awaiting-review', date: day, listed: run.value.list.length, previews };
    }
    return this.post(urn, day);
  }

  /**
   * The afternoon list: once the morning list is out and the afternoon register has arrived, the pupils who were
   * in this morning and are absent and unexplained this afternoon get a card in the day's thread. It is posted
   * without a second review: the officer checked this morning's register, and a pupil who has gone missing since
   * is wanted quickly. Safe to call any number of times: a pupil has one card a day.
   */
  async startAfternoon(urn: string, date: string | undefined, by: Requester): Promise<RunResult> {
    const { repos } = this.options;
    const { school, day, channel } = await this.dayOf(urn, date);
    const morning = (await repos.dailyRuns.get(urn, day))?.value;
    // The afternoon's cards go into the morning's thread: it must be there first (an officer still checking the
    // morning's list holds the afternoon's back too).
    if (!morning || (!morning.afternoon && (morning.state !== 'posted' || !morning.summary.activityId))) {
      return { state: 'morning-first', date: day, morning: morning?.state ?? 'none' };
    }
    const inputs = await this.loadDay(school, day);
    if (!morning.afternoon) {
      const arrival = registerArrival({ date: day, session: 'PM', pupils: inputs.pupils, marks: inputs.marks });
      if (!arrival.arrived) return this.waitForRegister(school, channel, arrival, by);
    }
    const list = afternoonList({ school, date: day, now: this.options.now(), ...inputs });
    const forenames = forenamesOf(inputs.pupils);
    const now = this.options.now();
    const fresh = list.entries.filter((e) => !morning.list.includes(e.upn));
    // Cards first, as in the morning; a pupil with a card today (the morning list) keeps that one.
    await inBatches(fresh, 20, (e) => {
      const card: PupilCard & { session: Session } = { ...newPupilCard(school.urn, day, e, forenames.get(e.upn) ?? e.name, now), session: 'PM' };
      return repos.pupilCards.insertIfAbsent(card);
    });
    let added: string[] = [];
    let changed = false;
    const run = await this.updateRun(urn, day, (r) => {
      added = fresh.map((e) => e.upn).filter((upn) => !r.list.includes(upn));
      changed = !r.afternoon || added.length > 0;
      if (!changed) return undefined;
      return {
        ...r,
        list: [...r.list, ...added],
        afternoon: { list: [...(r.afternoon?.list ?? []), ...added], created: r.afternoon?.created ?? { id: by.id, name: by.name, at: now.toISOString() }, postedAt: added.length ? undefined : r.afternoon?.postedAt ?? now.toISOString() },
        state: added.length && r.state === 'posted' ? 'posting' : r.state,
      };
    });
    if (changed) await this.audit(urn, by, 'daily.afternoon', `${added.length} added to the list for ${day} from the afternoon register`);
    if (run && run.state !== 'posted') return this.post(urn, day);
    const listed = (run?.list.length ?? 0) - (run?.leftOff.length ?? 0);
    return { state: 'posted', date: day, listed, posted: 0, alreadyPosted: listed, foundAfterDoubt: 0, resentAfterDoubt: 0 };
  }

  /** The officer has double-checked the list: take off anyone the register had wrong, then post. */
  async approve(urn: string, date: string, by: Requester, leaveOff: string[]): Promise<{ approved: boolean; run: DailyRunRecord }> {
    const { repos } = this.options;
    for (;;) {
      const stored = await repos.dailyRuns.get(urn, date);
      if (!stored) throw new DailyRunError('no-run', `There is no list for ${date} yet.`);
      const run = stored.value;
      if (run.state !== 'awaiting-review') return { approved: false, run };
      const at = this.options.now().toISOString();
      const next: DailyRunRecord = {
        ...run,
        state: 'posting',
        approved: { id: by.id, name: by.name, at },
        leftOff: leaveOff.filter((upn) => run.list.includes(upn)).map((upn) => ({ upn, id: by.id, name: by.name, at })),
      };
      try {
        await repos.dailyRuns.replace(next, stored.etag);
      } catch (err) {
        if (err instanceof ConcurrencyError) continue;
        throw err;
      }
      await this.audit(urn, by, 'daily.approve', `${next.list.length - next.leftOff.length} to post, ${next.leftOff.length} left off`);
      await this.showPosted(urn, next);
      return { approved: true, run: next };
    }
  }

  /** Posts whatever of the day is not yet in the channel. Returns `busy` while another process holds the run. */
  async post(urn: string, date: string): Promise<RunResult> {
    const lease = await this.acquire(urn, date);
    if ('busy' in lease) return { state: 'busy', date, leaseUntil: lease.busy };
    if ('review' in lease) return { state: 'awaiting-review', date, listed: lease.review.list.length, previews: lease.review.previews.length };
    let lost = false;
    const heartbeat = setInterval(() => {
      this.renew(urn, date).then(
        (held) => {
          if (!held) lost = true;
        },
        (err) => this.options.logger.warn('could not renew the daily run lease', { urn, error: (err as Error).message }),
      );
    }, Math.max(250, Math.floor(this.leaseMs / 3)));
    try {
      const tally = await this.postAll(urn, date, () => lost);
      if (lost) {
        const run = (await this.options.repos.dailyRuns.get(urn, date))?.value;
        return { state: 'busy', date, leaseUntil: run?.runner?.leaseUntil ?? this.options.now().toISOString() };
      }
      const run = await this.finish(urn, date);
      this.options.logger.info('daily list posted', { urn, date, posted: tally.posted, alreadyPosted: tally.alreadyPosted, resent: tally.resentAfterDoubt });
      await this.options.channel.refreshSummary(urn, date);
      if (run.previews.length) await this.showPosted(urn, run);
      return { state: 'posted', date, listed: run.list.length - run.leftOff.length, ...tally };
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** The officers' previews say the list is out. */
  private async showPosted(urn: string, run: DailyRunRecord): Promise<void> {
    const [school, channel] = await Promise.all([this.options.repos.schools.get(urn), this.options.repos.channels.forSchool(urn)]);
    if (school && channel) await this.sendPreviews(school.value, channel.value, run);
  }

  async status(urn: string, date: string): Promise<{ run: DailyRunRecord; cards: { posted: number; total: number } } | undefined> {
    const run = await this.options.repos.dailyRuns.get(urn, date);
    if (!run) return undefined;
    const cards = (await this.options.repos.pupilCards.list(urn, date)).map((c) => c.value);
    const leftOff = new Set(run.value.leftOff.map((l) => l.upn));
    const onList = cards.filter((c) => run.value.list.includes(c.pupil.upn) && !leftOff.has(c.pupil.upn));
    return { run: run.value, cards: { posted: onList.filter((c) => c.posting.state === 'posted').length, total: onList.length } };
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 10_000;
  }

  /** The school, its date and its channel, or the reason there is no list to make. */
  private async dayOf(urn: string, date: string | undefined): Promise<{ school: School; day: string; channel: SchoolChannel }> {
    const { repos } = this.options;
    const school = (await repos.schools.get(urn))?.value;
    if (!school) throw new DailyRunError('no-school', `School ${urn} is not in Firstday. Import the school first.`);
    const day = date ?? toLocal(this.options.now(), school.timeZone).date;
    if (!isValidDate(day)) throw new DailyRunError('bad-date', `"${day}" is not a date: use YYYY-MM-DD.`);
    if (!isSchoolDay(school, day)) throw new DailyRunError('not-school-day', `${day} is not a school day at ${school.name} (weekend, holiday or closure).`);
    const channel = (await repos.channels.forSchool(urn))?.value;
    if (!channel) {
      throw new DailyRunError('no-channel', `${school.name} has no channel linked yet: add Firstday to the team, then an attendance lead links the pastoral channel.`);
    }
    return { school, day, channel };
  }

  private async loadDay(school: School, date: string): Promise<DayInputs> {
    const { repos } = this.options;
    const [pupils, marks, reports] = await Promise.all([
      repos.pupils.list(school.urn),
      repos.marks.listYear(school.urn, academicYearOf(date)),
      repos.absenceReports.forDate(school.urn, date),
    ]);
    return { pupils, marks: new Map(marks.map((m) => [m.value.upn, m.value])), reports };
  }

  private computeList(school: School, date: string, inputs: DayInputs): DailyList & { forenames: Map<string, string> } {
    const list = dailyList({ school, date, now: this.options.now(), ...inputs });
    return { ...list, forenames: forenamesOf(inputs.pupils) };
  }

  /**
   * The register is not in: the officer is told once (recorded, so two servers or a second look say nothing
   * more), and the caller gets the same words. Nothing is listed; the scheduler looks again.
   */
  private async waitForRegister(school: School, channel: SchoolChannel, arrival: RegisterArrival, by: Requester): Promise<RunResult> {
    const today = toLocal(this.options.now(), school.timeZone).date === arrival.date;
    const message = today
      ? registerNotArrivedText(arrival, school.reviewBeforePosting)
      : `The ${arrival.session === 'AM' ? 'morning' : 'afternoon'} register for ${dayName(arrival.date)} has not reached Firstday (last marks: ${lastMarksText(arrival.latest)}). Import its marks, then run the list again.`;
    let told = 0;
    if (today) {
      try {
        await this.notices.sayOnce(school.urn, `register|${arrival.date}|${arrival.session}`, this.options.now, async () => {
          const reached = await this.reachOfficers(school, channel, { text: message }, []);
          told = reached.length;
          return reached.map((r) => ({ who: r.aadObjectId, conversationId: r.conversationId, activityId: r.activityId }));
        });
      } catch (err) {
        // Left 'failed': the next look says it. The caller still hears why nothing was listed.
        this.options.logger.warn('could not tell the officer that the register has not arrived', { urn: school.urn, error: (err as Error).message });
      }
    }
    // The scheduler's looks every few minutes are not worth an audit row each; the first (which told) and a person's are.
    if (told > 0 || by.source !== 'scheduler') {
      await this.audit(school.urn, by, 'daily.waiting', `${arrival.session} register for ${arrival.date} not arrived: ${arrival.marked} of ${arrival.onRoll} marked`);
    }
    return { state: 'waiting', date: arrival.date, session: arrival.session, lastMarks: lastMarksText(arrival.latest), told, message };
  }

  /** The run record and a card per listed pupil; pupils newly on the list are added to a run that exists. */
  private async ensureRun(school: School, date: string, list: DailyList & { forenames: Map<string, string> }, by: Requester): Promise<Stored<DailyRunRecord>> {
    const { repos } = this.options;
    const now = this.options.now();
    const yesterday = await this.previousDayCards(school, date);
    // Cards first: a run record never lists a pupil without a card.
    await inBatches(list.entries, 20, (e) => {
      const carriedOver = carryOverFrom(yesterday.get(e.upn));
      const card = newPupilCard(school.urn, date, e, list.forenames.get(e.upn) ?? e.name, now);
      return repos.pupilCards.insertIfAbsent(carriedOver ? { ...card, carriedOver } : card);
    });
    for (;;) {
      const stored = await repos.dailyRuns.get(school.urn, date);
      if (!stored) {
        const run: DailyRunRecord = {
          urn: school.urn,
          date,
          state: school.reviewBeforePosting ? 'awaiting-review' : 'posting',
          created: { id: by.id, name: by.name, at: now.toISOString() },
          list: list.entries.map((e) => e.upn),
          leftOff: [],
          previews: [],
          summary: { state: 'pending' },
        };
        try {
          const etag = await repos.dailyRuns.insert(run);
          return { value: run, etag };
        } catch (err) {
          if (err instanceof AlreadyExistsError) continue;
          throw err;
        }
      }
      const added = list.entries.map((e) => e.upn).filter((upn) => !stored.value.list.includes(upn));
      if (added.length === 0) return stored;
      const next: DailyRunRecord = {
        ...stored.value,
        list: [...stored.value.list, ...added],
        state: stored.value.state === 'posted' ? 'posting' : stored.value.state,
      };
      try {
        const etag = await repos.dailyRuns.replace(next, stored.etag);
        return { value: next, etag };
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
  }

  /** The previous school day's cards of pupils who were posted that day (not left off), by UPN. */
  private async previousDayCards(school: School, date: string): Promise<Map<string, PupilCard>> {
    const { repos } = this.options;
    const previous = previousSchoolDay(school, date);
    if (!previous) return new Map();
    const run = (await repos.dailyRuns.get(school.urn, previous))?.value;
    // A list never posted was never worked: there is nothing to carry.
    if (!run || run.state === 'awaiting-review') return new Map();
    const leftOff = new Set(run.leftOff.map((l) => l.upn));
    const cards = (await repos.pupilCards.list(school.urn, previous)).map((c) => c.value);
    return new Map(cards.filter((c) => run.list.includes(c.pupil.upn) && !leftOff.has(c.pupil.upn)).map((c) => [c.pupil.upn, c]));
  }

  /**
   * Records one more place the preview was shown (the channel thread where an officer or lead asked for the
   * list), so it is kept in step with the others when the list is posted.
   */
  async addPreview(urn: string, date: string, preview: DailyRunRecord['previews'][number]): Promise<void> {
    await this.updateRun(urn, date, (r) => (r.previews.some((p) => p.conversationId === preview.conversationId && p.activityId === preview.activityId) ? undefined : { ...r, previews: [...r.previews, preview] }));
  }

  /** The officer's list to check as it stands, with a line for the person who pressed. */
  async listToCheck(urn: string, date: string, notice?: string): Promise<ListToCheck> {
    const { repos } = this.options;
    const [school, channel, run] = await Promise.all([repos.schools.get(urn), repos.channels.forSchool(urn), repos.dailyRuns.get(urn, date)]);
    if (!school || !run) throw new DailyRunError('no-run', `There is no list for ${date} yet.`);
    return this.listOf(school.value, channel?.value, run.value, notice);
  }

  private async listOf(school: School, channel: SchoolChannel | undefined, run: DailyRunRecord, notice?: string): Promise<ListToCheck> {
    const cards = new Map((await this.options.repos.pupilCards.list(school.urn, run.date)).map((c) => [c.value.pupil.upn, c.value]));
    const channelName = channel?.channelName ?? 'the pastoral channel';
    const approvedLine = run.approved
      ? `${run.state === 'posted' ? 'Posted' : 'Being posted'} to ${channelName} by ${run.approved.name} at ${toLocal(new Date(run.approved.at), school.timeZone).time}.`
      : '';
    // The preview is of the morning's list; the afternoon's pupils go straight to the thread.
    const afternoon = new Set(run.afternoon?.list ?? []);
    return {
      urn: school.urn,
      schoolName: school.name,
      date: run.date,
      channelName,
      pupils: run.list.filter((upn) => !afternoon.has(upn)).map((upn) => cards.get(upn)?.pupil).filter((p): p is PupilCard['pupil'] => !!p),
      leftOff: run.leftOff.map((l) => l.upn),
      state: run.state,
      approvedLine,
      notice,
    };
  }

  /**
   * The preview goes to each attendance officer (the lead if there is none) in a 1:1 chat; where nobody can be
   * reached that way, into the pastoral channel itself, where only an officer or lead can press Post.
   */
  private async sendPreviews(school: School, channel: SchoolChannel, run: DailyRunRecord): Promise<number> {
    const { officers } = this.options;
    const list = await this.listOf(school, channel, run);

    const previews = [...run.previews];
    for (const preview of previews) {
      if (preview.activityId) await officers.update(channel, { ...preview, activityId: preview.activityId }, list);
    }
    if (run.state !== 'awaiting-review') return previews.length;
    previews.push(...(await this.reachOfficers(school, channel, { list }, previews.map((p) => p.aadObjectId))));
    await this.updateRun(school.urn, run.date, (r) => ({ ...r, previews: [...r.previews, ...previews.filter((p) => !r.previews.some((q) => q.aadObjectId === p.aadObjectId))] }));
    return previews.length;
  }

  /**
   * Sends to each attendance officer (the lead if there is none) in a 1:1 chat, skipping those `already` reached;
   * where nobody could be reached and nobody was before, into the pastoral channel itself.
   */
  private async reachOfficers(school: School, channel: SchoolChannel, message: OfficerMessage, already: string[]): Promise<ListPreview[]> {
    const { officers: chats } = this.options;
    let officers = staffWithRole(school, 'attendance-officer').filter((s) => s.aadObjectId);
    if (officers.length === 0) officers = staffWithRole(school, 'attendance-lead').filter((s) => s.aadObjectId);
    const previews: ListPreview[] = [];
    for (const officer of officers.filter((o) => !already.includes(o.aadObjectId!))) {
      try {
        previews.push(await chats.send(channel, { ...officer, aadObjectId: officer.aadObjectId! }, message));
      } catch (err) {
        this.options.logger.warn('could not send a message to an attendance officer', { urn: school.urn, error: (err as Error).message });
      }
    }
    if (previews.length === 0 && already.length === 0) previews.push(await chats.sendToChannel(channel, message));
    return previews;
  }

  private async acquire(urn: string, date: string): Promise<{ run: DailyRunRecord } | { busy: string } | { review: DailyRunRecord }> {
    const { repos } = this.options;
    for (;;) {
      const stored = await repos.dailyRuns.get(urn, date);
      if (!stored) throw new DailyRunError('no-run', `There is no list for ${date} yet: start the daily run first.`);
      const run = stored.value;
      if (run.state === 'awaiting-review') return { review: run };
      const now = this.options.now().getTime();
      if (run.runner && run.runner.id !== this.id && Date.parse(run.runner.leaseUntil) > now) return { busy: run.runner.leaseUntil };
      const next = { ...run, runner: { id: this.id, leaseUntil: new Date(now + this.leaseMs).toISOString() } };
      try {
        await repos.dailyRuns.replace(next, stored.etag);
        return { run: next };
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
  }

  /** Extends this process's lease; false if another process has taken the run over. */
  private async renew(urn: string, date: string): Promise<boolean> {
    let held = false;
    await this.updateRun(urn, date, (run) => {
      held = run.runner?.id === this.id;
      return held ? { ...run, runner: { id: this.id, leaseUntil: new Date(this.options.now().getTime() + this.leaseMs).toISOString() } } : undefined;
    });
    return held;
  }

  private async finish(urn: string, date: string): Promise<DailyRunRecord> {
    const stored = await this.updateRun(urn, date, (run) => {
      if (run.runner?.id !== this.id) return undefined;
      const { runner: _runner, ...rest } = run;
      const at = this.options.now().toISOString();
      const afternoon = run.afternoon && { ...run.afternoon, postedAt: run.afternoon.postedAt ?? at };
      return { ...rest, state: 'posted', postedAt: run.postedAt ?? at, ...(afternoon ? { afternoon } : {}) };
    });
    return stored!;
  }

  private async postAll(urn: string, date: string, lost: () => boolean): Promise<PostingTally> {
    const { repos } = this.options;
    const tally: PostingTally = { posted: 0, alreadyPosted: 0, foundAfterDoubt: 0, resentAfterDoubt: 0 };
    const school = (await repos.schools.get(urn))!.value;
    const channel = (await repos.channels.forSchool(urn))!.value;

    const summaryId = await this.postSummary(school, channel, date, tally);
    // Cards go out as their day's cards; a press on a day gone by is answered read-only whenever it comes.
    const today = date;

    const run = (await repos.dailyRuns.get(urn, date))!.value;
    const leftOff = new Set(run.leftOff.map((l) => l.upn));
    const inFlight = new Set<Promise<void>>();
    for (const upn of run.list) {
      if (lost()) break;
      if (leftOff.has(upn)) continue;
      const card = (await repos.pupilCards.get(urn, date, upn))?.value;
      if (!card || card.posting.state === 'posted') {
        if (card) tally.alreadyPosted++;
        continue;
      }
      let resend = false;
      if (card.posting.state === 'sending') {
        const found = await this.findInDoubt(() => this.options.channel.findPupilCard(channel, summaryId, card));
        if (found) {
          await this.updateCard(urn, date, upn, (c) => ({ ...c, posting: { ...c.posting, state: 'posted', activityId: found.activityId, where: found.where, postedAt: this.options.now().toISOString() } }));
          tally.foundAfterDoubt++;
          continue;
        }
        resend = true;
      }
      const sending = await this.updateCard(urn, date, upn, (c) =>
        c.posting.state === 'posted' ? undefined : { ...c, posting: { state: 'sending', sendingSince: this.options.now().toISOString(), resentAfterDoubt: resend || undefined } },
      );
      if (sending.posting.state === 'posted') {
        tally.alreadyPosted++;
        continue;
      }
      const task = this.options.channel
        .postPupilCard(school, channel, summaryId, sending, today)
        .then(async ({ activityId, where }) => {
          await this.updateCard(urn, date, upn, (c) => ({ ...c, posting: { ...c.posting, state: 'posted', activityId, where, postedAt: this.options.now().toISOString() } }));
          if (resend) tally.resentAfterDoubt++;
          else tally.posted++;
        });
      const tracked = task.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= (this.options.lookahead ?? 10)) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return tally;
  }

  private async postSummary(school: School, channel: SchoolChannel, date: string, tally: PostingTally): Promise<string> {
    const { repos } = this.options;
    const run = (await repos.dailyRuns.get(school.urn, date))!.value;
    if (run.summary.state === 'posted' && run.summary.activityId) return run.summary.activityId;
    if (run.summary.state === 'sending') {
      const found = await this.findInDoubt(() => this.options.channel.findSummary(school, channel, date));
      if (found) {
        await this.updateRun(school.urn, date, (r) => ({ ...r, summary: { state: 'posted', activityId: found.activityId, where: found.where } }));
        tally.foundAfterDoubt++;
        return found.activityId;
      }
    }
    await this.updateRun(school.urn, date, (r) => ({ ...r, summary: { state: 'sending', sendingSince: this.options.now().toISOString() } }));
    const { activityId, where } = await this.options.channel.postSummary(school, channel, date);
    await this.updateRun(school.urn, date, (r) => ({ ...r, summary: { state: 'posted', activityId, where } }));
    return activityId;
  }

  /** The message if it is in the channel; undefined when it is not, nobody can look, or the look failed (then it is sent again). */
  private async findInDoubt(find: () => Promise<PostedMessage | undefined>): Promise<PostedMessage | undefined> {
    try {
      return await find();
    } catch (err) {
      this.options.logger.warn('could not check the channel for a message in doubt; sending again', { error: (err as Error).message });
      return undefined;
    }
  }

  private async updateCard(urn: string, date: string, upn: string, change: (card: PupilCard) => PupilCard | undefined): Promise<PupilCard> {
    const { repos } = this.options;
    for (;;) {
      const stored = (await repos.pupilCards.get(urn, date, upn))!;
      const next = change(stored.value);
      if (!next) return stored.value;
      try {
        await repos.pupilCards.replace(next, stored.etag);
        return next;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
  }

  private async updateRun(urn: string, date: string, change: (run: DailyRunRecord) => DailyRunRecord | undefined): Promise<DailyRunRecord | undefined> {
    const { repos } = this.options;
    for (;;) {
      const stored = await repos.dailyRuns.get(urn, date);
      if (!stored) return undefined;
      const next = change(stored.value);
      if (!next) return stored.value;
      try {
        await repos.dailyRuns.replace(next, stored.etag);
        return next;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
  }

  private async audit(urn: string, by: Requester, action: string, detail: string): Promise<void> {
    await this.options.repos.audit.record({ urn, at: this.options.now().toISOString(), actorId: by.id, actorName: by.name, action, source: by.source, outcome: 'ok', detail });
  }
}

/** What a run did, in a sentence for the person who started it. */
export function describeRun(result: RunResult): string {
  switch (result.state) {
    case 'waiting':
      return `${result.message} Nothing has been posted: import the register's marks (npm run import, or the MIS export) and the list is worked out from them.`;
    case 'morning-first':
      return `The afternoon list for ${result.date} goes into the morning's thread, so it waits for the morning list to be posted first.`;
    case 'awaiting-review':
      return `The list for ${result.date} has ${result.listed} pupil${result.listed === 1 ? '' : 's'} and is waiting for the attendance officer to check it (preview sent to ${result.previews}).`;
    case 'posted': {
      const extra = [
        result.alreadyPosted ? `${result.alreadyPosted} already there` : '',
        result.foundAfterDoubt ? `${result.foundAfterDoubt} found in the channel after an interrupted run` : '',
        result.resentAfterDoubt ? `${result.resentAfterDoubt} sent again after an interrupted run` : '',
      ].filter(Boolean);
      return `Posted ${result.posted} card${result.posted === 1 ? '' : 's'} for ${result.date}${extra.length ? ` (${extra.join('; ')})` : ''}. ${result.listed} on the list.`;
    }
    case 'busy':
      return `Another process is posting ${result.date}.`;
  }
}

/** "Monday 2 March". */
function dayName(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

function forenamesOf(pupils: DayInputs['pupils']): Map<string, string> {
  return new Map(pupils.map((p) => [p.upn, p.preferredForename || p.legalForename]));
}

async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

