/**
 * Opening a case: by hand, or when a pupil crosses one of the school's attendance bands (set above the
 * 90% persistent-absence line, the early intervention for attendance guidance: "avoid waiting for a child's attendance to slip to 90%").
 * Band crossings arrive every time the statistics run, so the decision is idempotent: a pupil already in
 * an open case, or in a band no worse than the one their closed case ended in, opens nothing.
 */
import { displayName, type Contact, type Pupil } from '../pupil';
import type { School } from '../school';
import type { CaseItem } from './case-items';
import { planCase } from './case-plan';
import { carersFromContacts, type InvolvedProfessional } from './family';
import type { Actor, CaseBand, SupportCase } from './support-case';

export interface BandCrossing {
  /** The band's "at or below" line, e.g. 95. */
  belowPercent: number;
  label: string;
  /** The pupil's attendance percentage when they crossed it. */
  percent: number;
  /** ISO instant. */
  at: string;
}

export type BandCrossingDecision =
  | { action: 'open' }
  | { action: 'reopen' }
  /** The open case records the lower band it has moved into. */
  | { action: 'record-band' }
  | { action: 'none'; reason: string };

export function decideBandCrossing(existing: SupportCase | undefined, crossing: BandCrossing): BandCrossingDecision {
  if (!existing) return { action: 'open' };
  const previous = existing.band?.belowPercent;
  const lower = previous === undefined || crossing.belowPercent < previous;
  if (existing.status === 'open') return lower ? { action: 'record-band' } : { action: 'none', reason: 'The case is already open for this band.' };
  return lower ? { action: 'reopen' } : { action: 'none', reason: `The case was closed with the pupil in the band "${existing.band?.label}"; they have not moved into a lower one.` };
}

export function pupilSnapshot(pupil: Pupil): SupportCase['pupil'] {
  return { name: displayName(pupil), yearGroup: pupil.yearGroup, form: pupil.form };
}

/** The head of year for the pupil's year group leads a new case, where the school names one. */
export function defaultLead(school: Pick<School, 'staff'>, yearGroup: number): SupportCase['lead'] {
  const hoy = school.staff.find((s) => s.roles.includes('head-of-year') && s.yearGroups?.includes(yearGroup));
  return hoy ? { upn: hoy.upn, name: hoy.displayName } : undefined;
}

export function newCase(input: {
  school: Pick<School, 'urn' | 'staff'>;
  pupil: Pupil;
  openedAt: string;
  openedOn: string;
  openedBy: Actor;
  because: SupportCase['openedBecause'];
  reason: string;
  band?: CaseBand;
}): SupportCase {
  const { due, meetingsHeld } = planCase({ openedOn: input.openedOn, meetings: [], contacts: [] });
  const supportCase: SupportCase = {
    urn: input.school.urn,
    pupilUpn: input.pupil.upn,
    pupil: pupilSnapshot(input.pupil),
    status: 'open',
    stage: 'concern',
    openedAt: input.openedAt,
    openedOn: input.openedOn,
    openedBy: input.openedBy,
    openedBecause: input.because,
    openingReason: input.reason,
    due,
    meetingsHeld,
    revision: 1,
  };
  const lead = defaultLead(input.school, input.pupil.yearGroup);
  if (lead) supportCase.lead = lead;
  if (input.band) supportCase.band = input.band;
  return supportCase;
}

/** A closed case opened again: a fresh plan from today; what was recorded before stays with it. */
export function reopenedCase(existing: SupportCase, input: { at: string; on: string; by: Actor; because: SupportCase['openedBecause']; reason: string; band?: CaseBand }): SupportCase {
  const { closedAt: _a, closedBy: _b, closingReason: _c, ...rest } = existing;
  return {
    ...rest,
    status: 'open',
    openedAt: input.at,
    openedOn: input.on,
    reopenedOn: input.on,
    openedBy: input.by,
    openedBecause: input.because,
    openingReason: input.reason,
    band: input.band ?? existing.band,
    revision: existing.revision + 1,
  };
}

/**
 * What a new case starts with from the school's records: the pupil's parents and carers from the MIS
 * contacts, their siblings on the roll, and the social worker or youth offending worker the MIS names
 * (each a lead professional to consult before any enforcement referral).
 */
export function initialCaseItems(input: { school: Pick<School, 'name'>; pupil: Pupil; contacts: Contact[]; siblings: Pupil[]; at: string; by: Actor }): CaseItem[] {
  const { pupil, at, by } = input;
  const items: CaseItem[] = carersFromContacts(input.contacts, at, by).map((value) => ({ kind: 'carer', value }));
  for (const s of input.siblings) {
    items.push({ kind: 'sibling', value: { id: `roll-${s.upn}`, name: displayName(s), upn: s.upn, school: input.school.name, yearGroup: s.yearGroup, recordedAt: at, recordedBy: by } });
  }
  const professional = (id: string, service: InvolvedProfessional['service'], p: NonNullable<Pupil['socialWorker']>): CaseItem => ({
    kind: 'professional',
    value: { id, service, name: p.name, role: p.role, organisation: p.organisation ?? '', phone: p.phone, email: p.email, isLeadProfessional: true, recordedAt: at, recordedBy: by },
  });
  if (pupil.socialWorker) items.push(professional('mis-social-worker', 'CSC', pupil.socialWorker));
  if (pupil.youthOffendingWorker) items.push(professional('mis-youth-offending-worker', 'YOS', pupil.youthOffendingWorker));
  return items;
}
