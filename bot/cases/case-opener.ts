/**
 * The application service that opens Support First cases (the rules are the domain's case-opening.ts): by
 * hand from the tab, or when the attendance statistics find a pupil has crossed one of the school's bands. Both are safe to repeat and to race: the case row is
 * created once (a second creator finds it and re-decides), and the chronology records the opening.
 */
import { randomUUID } from 'node:crypto';
import { chronologyId } from '../domain/chronology';
import { toLocal } from '../domain/clock';
import { decideBandCrossing, initialCaseItems, newCase, pupilSnapshot, reopenedCase, type BandCrossing } from '../domain/cases/case-opening';
import { siblingUpnsFrom } from '../domain/cases/family';
import type { Actor, CaseBand, SupportCase } from '../domain/cases/support-case';
import { contactsInCallOrder, type Contact, type Pupil } from '../domain/pupil';
import type { AuditEvent } from '../store/audit-repository';
import { AlreadyExistsError } from '../store/errors';
import type { Repositories } from '../store/repositories';

export type CaseOpeningRepos = Pick<Repositories, 'schools' | 'pupils' | 'contacts' | 'cases' | 'chronology' | 'audit'>;

/** The statistics job is the actor when a band crossing opens a case. */
export const STATISTICS_ACTOR: Actor = { id: 'firstday-statistics', name: 'Firstday (attendance statistics)' };

export type OpeningResult =
  | { action: 'opened' | 'reopened' | 'band-recorded'; case: SupportCase }
  | { action: 'none'; reason: string; case?: SupportCase };

/** Why a case was not opened: the school or pupil is not there, or the case is open already (or was opened meanwhile). */
export type CaseOpeningProblem = 'not-found' | 'already-open';

export class CaseOpeningError extends Error {
  constructor(readonly problem: CaseOpeningProblem, message: string) {
    super(message);
    this.name = 'CaseOpeningError';
  }
}

/**
 * Called by the attendance statistics for each pupil found in a band (idempotent: call it on every run).
 * Opens a case, reopens a closed one when the pupil is now in a lower band, or records the lower band on
 * the open case; otherwise does nothing. The opening is audited and written to the pupil's chronology.
 */
export async function openCaseForBandCrossing(
  repos: CaseOpeningRepos,
  input: { urn: string; upn: string; crossing: BandCrossing; by?: Actor; source?: string; reason?: string },
): Promise<OpeningResult> {
  const by = input.by ?? STATISTICS_ACTOR;
  const band: CaseBand = { label: input.crossing.label, belowPercent: input.crossing.belowPercent, percent: input.crossing.percent, at: input.crossing.at };
  const reason = input.reason ?? `Attendance ${input.crossing.percent}% crossed the school's band "${input.crossing.label}".`;
  for (let attempt = 1; ; attempt++) {
    const existing = await repos.cases.getHeader(input.urn, input.upn);
    const decision = decideBandCrossing(existing?.case, input.crossing);
    if (decision.action === 'none') return { action: 'none', reason: decision.reason, case: existing?.case };
    try {
      let result: OpeningResult;
      if (decision.action === 'open') {
        result = { action: 'opened', case: await createCase(repos, { urn: input.urn, upn: input.upn, at: input.crossing.at, by, because: 'band-crossing', reason, band }) };
      } else if (decision.action === 'reopen') {
        result = { action: 'reopened', case: await reopen(repos, { urn: input.urn, upn: input.upn, at: input.crossing.at, by, because: 'band-crossing', reason, band }) };
      } else {
        const changed = await repos.cases.change(input.urn, input.upn, (current) => {
          const again = decideBandCrossing(current.case, input.crossing);
          return { header: again.action === 'record-band' ? { ...current.case, band } : current.case };
        });
        result = { action: 'band-recorded', case: changed.case };
      }
      await record(repos, input.urn, input.upn, by, input.source ?? 'job', result.action === 'band-recorded' ? `Now in the band "${band.label}" (${band.percent}%).` : reason, `case.${result.action}`, input.crossing.at);
      return result;
    } catch (err) {
      // Someone else opened it between our read and write: decide again against what they wrote.
      if (err instanceof AlreadyExistsError && attempt < 3) continue;
      throw err;
    }
  }
}

/** Opens a case by hand (the API audits the request). A pupil whose case is open already is refused; a closed case is reopened. */
export async function openCaseByHand(repos: CaseOpeningRepos, input: { urn: string; upn: string; reason: string; by: Actor; at: string }): Promise<OpeningResult> {
  const existing = await repos.cases.getHeader(input.urn, input.upn);
  if (existing?.case.status === 'open') throw new CaseOpeningError('already-open', `${existing.case.pupil.name} already has an open Support First case.`);
  const opening = { urn: input.urn, upn: input.upn, at: input.at, by: input.by, because: 'by-hand' as const, reason: input.reason };
  try {
    const result: OpeningResult = existing
      ? { action: 'reopened', case: await reopen(repos, opening) }
      : { action: 'opened', case: await createCase(repos, opening) };
    await chronicle(repos, input.urn, input.upn, input.by, input.reason, `case.${result.action}`, input.at);
    return result;
  } catch (err) {
    if (err instanceof AlreadyExistsError) throw new CaseOpeningError('already-open', 'A case for this pupil was opened by someone else a moment ago.');
    throw err;
  }
}

export interface BulkOpeningResult {
  opened: string[];
  reopened: string[];
  bandRecorded: string[];
  /** Pupils whose case already said so (open in this band or a lower one, or closed in it). */
  unchanged: string[];
  /** Pupils no case could be opened for (no longer on the roll), with why. */
  skipped: { upn: string; reason: string }[];
}

/** Cases written at once; each is its own transaction, so a clash affects one pupil. */
const PARALLEL_OPENINGS = 8;

/**
 * Opens the cases of many pupils of one school at once (the attendance lead opening a band's baseline),
 * with the same outcome as openCaseForBandCrossing for each, in far fewer storage requests: the school, its
 * roll, contacts and case headers are read once rather than once a pupil, a new case is written without a
 * read first, and the audit records go in batches. The chronology stays one write a pupil (a partition
 * each). Anything but a plain new case (reopening, a lower band, someone else opening it meanwhile) goes
 * through openCaseForBandCrossing, which decides again on what it reads.
 */
export async function openCasesInBulk(
  repos: CaseOpeningRepos,
  input: { urn: string; openings: readonly { upn: string; crossing: BandCrossing; reason: string }[]; by: Actor; source: string },
): Promise<BulkOpeningResult> {
  const { urn, by, source } = input;
  const out: BulkOpeningResult = { opened: [], reopened: [], bandRecorded: [], unchanged: [], skipped: [] };
  if (!input.openings.length) return out;
  const [school, pupils, contacts, cases] = await Promise.all([repos.schools.get(urn), repos.pupils.list(urn), repos.contacts.list(urn), repos.cases.list(urn)]);
  if (!school) throw new CaseOpeningError('not-found', `There is no school with URN ${urn}.`);
  const pupilOf = new Map<string, Pupil>(pupils.map((p) => [p.upn, p]));
  const contactsOf = new Map<string, Contact[]>();
  for (const c of contacts) contactsOf.set(c.pupilUpn, [...(contactsOf.get(c.pupilUpn) ?? []), c]);
  const caseOf = new Map(cases.map((c) => [c.case.pupilUpn, c.case]));
  const audits: AuditEvent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < input.openings.length) {
      const { upn, crossing, reason } = input.openings[next++];
      const decision = decideBandCrossing(caseOf.get(upn), crossing);
      if (decision.action === 'none') {
        out.unchanged.push(upn);
        continue;
      }
      const pupil = pupilOf.get(upn);
      if (!pupil) {
        out.skipped.push({ upn, reason: `There is no pupil ${upn} on the roll of school ${urn}.` });
        continue;
      }
      if (decision.action === 'open') {
        const band: CaseBand = { label: crossing.label, belowPercent: crossing.belowPercent, percent: crossing.percent, at: crossing.at };
        const own = contactsInCallOrder(contactsOf.get(upn) ?? []);
        const siblings = siblingUpnsFrom(upn, own, contacts).flatMap((u) => (pupilOf.has(u) ? [pupilOf.get(u)!] : []));
        const openedOn = toLocal(new Date(crossing.at), school.value.timeZone).date;
        const header = newCase({ school: school.value, pupil, openedAt: crossing.at, openedOn, openedBy: by, because: 'band-crossing', reason, band });
        try {
          await repos.cases.create(header, initialCaseItems({ school: school.value, pupil, contacts: own, siblings, at: crossing.at, by }));
          await chronicle(repos, urn, upn, by, reason, 'case.opened', crossing.at);
          audits.push({ urn, at: crossing.at, actorId: by.id, actorName: by.name, action: 'case.opened', pupilUpn: upn, source, outcome: 'ok', detail: reason });
          out.opened.push(upn);
          continue;
        } catch (err) {
          if (!(err instanceof AlreadyExistsError)) throw err;
        }
      }
      try {
        const result = await openCaseForBandCrossing(repos, { urn, upn, crossing, by, source, reason });
        (result.action === 'opened' ? out.opened : result.action === 'reopened' ? out.reopened : result.action === 'band-recorded' ? out.bandRecorded : out.unchanged).push(upn);
      } catch (err) {
        if (!(err instanceof CaseOpeningError && err.problem === 'not-found')) throw err;
        out.skipped.push({ upn, reason: err.message });
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(PARALLEL_OPENINGS, input.openings.length) }, worker));
  // Whatever was opened is audited, even when another pupil's write failed.
  await auditMany(repos, audits);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  for (const list of [out.opened, out.reopened, out.bandRecorded, out.unchanged]) list.sort();
  return out;
}

/** The audit repository's row id (inverted time, newest first), so batched records read like record()'s. */
async function auditMany(repos: CaseOpeningRepos, events: AuditEvent[]): Promise<void> {
  if (!events.length) return;
  await repos.audit.table.upsertMany(events.map((e) => ({ ...e, id: `${String(8_640_000_000_000_000 - Date.parse(e.at)).padStart(16, '0')}|${randomUUID()}` })));
}

interface Opening {
  urn: string;
  upn: string;
  at: string;
  by: Actor;
  because: SupportCase['openedBecause'];
  reason: string;
  band?: CaseBand;
}

async function createCase(repos: CaseOpeningRepos, o: Opening): Promise<SupportCase> {
  const [school, pupil, contacts] = await Promise.all([repos.schools.get(o.urn), repos.pupils.get(o.urn, o.upn), repos.contacts.forPupil(o.urn, o.upn)]);
  if (!school) throw new CaseOpeningError('not-found', `There is no school with URN ${o.urn}.`);
  if (!pupil) throw new CaseOpeningError('not-found', `There is no pupil ${o.upn} on the roll of school ${o.urn}.`);
  const siblingUpns = siblingUpnsFrom(o.upn, contacts, contacts.length ? await repos.contacts.list(o.urn) : []);
  const siblings = (await Promise.all(siblingUpns.map((u) => repos.pupils.get(o.urn, u)))).flatMap((s) => (s ? [s.value] : []));
  const openedOn = toLocal(new Date(o.at), school.value.timeZone).date;
  const header = newCase({ school: school.value, pupil: pupil.value, openedAt: o.at, openedOn, openedBy: o.by, because: o.because, reason: o.reason, band: o.band });
  const items = initialCaseItems({ school: school.value, pupil: pupil.value, contacts, siblings, at: o.at, by: o.by });
  return (await repos.cases.create(header, items)).case;
}

async function reopen(repos: CaseOpeningRepos, o: Opening): Promise<SupportCase> {
  const [school, pupil] = await Promise.all([repos.schools.get(o.urn), repos.pupils.get(o.urn, o.upn)]);
  if (!school) throw new CaseOpeningError('not-found', `There is no school with URN ${o.urn}.`);
  const on = toLocal(new Date(o.at), school.value.timeZone).date;
  const changed = await repos.cases.change(o.urn, o.upn, (current) => {
    const reopened = reopenedCase(current.case, { at: o.at, on, by: o.by, because: o.because, reason: o.reason, band: o.band });
    return { header: pupil ? { ...reopened, pupil: pupilSnapshot(pupil.value) } : reopened };
  });
  return changed.case;
}

function chronicle(repos: CaseOpeningRepos, urn: string, upn: string, by: Actor, summary: string, action: string, at: string): Promise<void> {
  const verb = action === 'case.opened' ? 'Support First case opened' : action === 'case.reopened' ? 'Support First case reopened' : 'Support First case: band changed';
  return repos.chronology.add(urn, { id: chronologyId(at, randomUUID()), pupilUpn: upn, kind: 'case', at, byId: by.id, byName: by.name, summary: `${verb}. ${summary}` });
}

async function record(repos: CaseOpeningRepos, urn: string, upn: string, by: Actor, source: string, summary: string, action: string, at: string): Promise<void> {
  await Promise.all([
    chronicle(repos, urn, upn, by, summary, action, at),
    repos.audit.record({ urn, at, actorId: by.id, actorName: by.name, action, pupilUpn: upn, source, outcome: 'ok', detail: summary }),
  ]);
}
