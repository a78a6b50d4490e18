/**
 * What the tab shows of one case, assembled from the case, the pupil, their marks, siblings' marks and the
 * chronology, with only what this member of staff may see: concern detail stays with the DSLs, and the
 * chronology's structured detail (which can hold contact numbers) is never sent.
 */
import { canDecideCarerInclusion, canManageCase, canReadAuditLog, canReadSafeguardingDetail, canRecordPupilVoice, canRecordReferral } from '../../domain/cases/case-access';
import type { CaseAttendance } from '../../domain/cases/case-attendance';
import type { CaseLetter, CaseNote } from '../../domain/cases/case-items';
import { dueState, type CaseDue, type DueState } from '../../domain/cases/case-plan';
import { blockersOf, checklistFacts } from '../../domain/cases/case-changes';
import { ESCALATION_CHECKLIST, notApplicableRefusal, type ChecklistConfirmation, type ReferralBlocker } from '../../domain/cases/escalation-checklist';
import { inclusionOf, type CaseCarer, type CaseSibling, type Inclusion, type InvolvedProfessional } from '../../domain/cases/family';
import { MINIMUM_MEETINGS, type FamilyContact, type Meeting } from '../../domain/cases/meetings';
import type { SupportCase } from '../../domain/cases/support-case';
import { nextCheckInDue, type CheckIn, type ParentVoice, type WishesAndFeelings } from '../../domain/cases/voice';
import type { ChronologyEntry, ChronologyKind } from '../../domain/chronology';
import { displayName, hasPriorityMarker, type Pupil } from '../../domain/pupil';
import type { School } from '../../domain/school';
import { itemKey, type LoadedCase } from '../../store/cases-repository';
import type { ChronologyRepository } from '../../store/chronology-repository';
import type { StaffAccess } from '../staff-access';
import type { CaseAttendanceSource } from './case-attendance-source';

type WithEtag<T> = T & { etag: string };

export interface ChronologyLine {
  id: string;
  kind: ChronologyKind;
  at: string;
  byName: string;
  summary: string;
  /** Concern detail is the DSL's: others see that something was recorded, not what. */
  restricted: boolean;
}

export interface ChecklistLine {
  id: string;
  text: string;
  appliesWhen?: string;
  /** Why "not applicable" cannot be chosen for this case, if it cannot. */
  notApplicableRefusal?: string;
  confirmation?: WithEtag<ChecklistConfirmation>;
}

export interface CaseView {
  case: WithEtag<SupportCase>;
  pupil: { upn: string; name: string; yearGroup: number; form: string; sen: Pupil['sen']; eal: boolean; homeLanguage?: string; youngCarer: boolean; priority: boolean };
  /** The school's date today. */
  today: string;
  /** Absent until the attendance statistics have computed the pupil's figures for this year. */
  attendance?: CaseAttendance;
  plan: { due: CaseDue; states: Partial<Record<keyof CaseDue, DueState>>; meetingsHeld: number; minimumMeetings: number; nextCheckIn?: string; nextCheckInState?: DueState };
  meetings: WithEtag<Meeting>[];
  contacts: FamilyContact[];
  pupilVoice: WishesAndFeelings[];
  checkIns: CheckIn[];
  parentVoice: ParentVoice[];
  carers: WithEtag<CaseCarer & { inclusion: Inclusion }>[];
  siblings: (CaseSibling & { sharedAbsenceDays?: string[] })[];
  professionals: WithEtag<InvolvedProfessional>[];
  checklist: { items: ChecklistLine[]; confirmed: number; total: number };
  referral: { blockers: ReferralBlocker[]; meetingsShort: number };
  notes: CaseNote[];
  letters: CaseLetter[];
  chronology: ChronologyLine[];
  permissions: { manage: boolean; recordVoice: boolean; decideInclusion: boolean; recordReferral: boolean; readAudit: boolean; readSafeguardingDetail: boolean };
}

export interface CaseViewDeps {
  chronology: ChronologyRepository;
  attendance: CaseAttendanceSource;
}

const byDateDesc = <T extends { date: string; recordedAt?: string }>(a: T, b: T) => b.date.localeCompare(a.date) || (b.recordedAt ?? '').localeCompare(a.recordedAt ?? '');

export async function buildCaseView(deps: CaseViewDeps, input: { school: School; access: StaffAccess; loaded: LoadedCase; pupil: Pupil; today: string }): Promise<CaseView> {
  const { school, access, loaded, pupil, today } = input;
  const etagOf = (kind: Parameters<typeof itemKey>[0], id: string) => loaded.itemEtags.get(itemKey(kind, id)) ?? '';
  const onRoll = loaded.items.sibling.flatMap((s) => (s.upn ? [s.upn] : []));
  const [entries, own] = await Promise.all([deps.chronology.forPupil(school.urn, pupil.upn), deps.attendance.forCase(school, pupil, onRoll, today)]);
  const siblings = loaded.items.sibling.map((s) => {
    const days = s.upn ? own.sharedAbsenceDays.get(s.upn) : undefined;
    return days ? { ...s, sharedAbsenceDays: days } : s;
  });
  const facts = checklistFacts(pupil, loaded.items);
  const confirmations = new Map(loaded.items.checklist.map((c) => [c.itemId, c]));
  const items: ChecklistLine[] = ESCALATION_CHECKLIST.map((item) => {
    const line: ChecklistLine = { id: item.id, text: item.text };
    if (item.appliesWhen) line.appliesWhen = item.appliesWhen;
    const refusal = notApplicableRefusal(item, facts);
    if (refusal) line.notApplicableRefusal = refusal;
    const c = confirmations.get(item.id);
    if (c) line.confirmation = { itemId: c.itemId, answer: c.answer, evidence: c.evidence, confirmedBy: c.confirmedBy, confirmedAt: c.confirmedAt, etag: etagOf('checklist', c.id) };
    return line;
  });
  const due = loaded.case.due;
  const states: CaseView['plan']['states'] = {};
  if (due.meeting) states.meeting = dueState(due.meeting.date, today);
  if (due.review) states.review = dueState(due.review, today);
  if (due.contact) states.contact = dueState(due.contact, today);
  const nextCheckIn = nextCheckInDue(loaded.case.trustedAdult, loaded.items['check-in']);
  const seesDetail = canReadSafeguardingDetail(access);
  const view: CaseView = {
    case: { ...loaded.case, etag: loaded.etag },
    pupil: {
      upn: pupil.upn,
      name: displayName(pupil),
      yearGroup: pupil.yearGroup,
      form: pupil.form,
      sen: pupil.sen,
      eal: pupil.eal,
      homeLanguage: pupil.homeLanguage,
      youngCarer: pupil.youngCarer,
      priority: hasPriorityMarker(pupil),
    },
    today,
    ...(own.attendance ? { attendance: own.attendance } : {}),
    plan: { due, states, meetingsHeld: loaded.case.meetingsHeld, minimumMeetings: MINIMUM_MEETINGS, nextCheckIn, nextCheckInState: nextCheckIn ? dueState(nextCheckIn, today) : undefined },
    meetings: loaded.items.meeting.map((m) => ({ ...m, etag: etagOf('meeting', m.id) })).sort(byDateDesc),
    contacts: [...loaded.items.contact].sort(byDateDesc),
    pupilVoice: [...loaded.items['pupil-voice']].sort(byDateDesc),
    checkIns: [...loaded.items['check-in']].sort(byDateDesc),
    parentVoice: [...loaded.items['parent-voice']].sort(byDateDesc),
    carers: loaded.items.carer
      .map((c) => ({ ...c, ...(c.dslDecision && !seesDetail ? { dslDecision: { ...c.dslDecision, reason: 'The DSL recorded the reason.' } } : {}), inclusion: inclusionOf(c), etag: etagOf('carer', c.id) })).sort((a, b) => Number(b.livesWithPupil) - Number(a.livesWithPupil) || a.name.localeCompare(b.name)),
    siblings,
    professionals: loaded.items.professional.map((p) => ({ ...p, etag: etagOf('professional', p.id) })),
    checklist: { items, confirmed: items.filter((i) => i.confirmation).length, total: items.length },
    referral: { blockers: blockersOf(pupil, loaded), meetingsShort: Math.max(0, MINIMUM_MEETINGS - loaded.case.meetingsHeld) },
    notes: [...loaded.items.note].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt)),
    letters: [...loaded.items.letter].sort(byDateDesc),
    chronology: entries
      .map((e: ChronologyEntry): ChronologyLine => ({
        id: e.id,
        kind: e.kind,
        at: e.at,
        byName: e.byName,
        summary: e.restricted && !seesDetail ? 'A safeguarding concern was recorded. The detail is with the DSL.' : e.summary,
        restricted: Boolean(e.restricted),
      }))
      .sort((a, b) => b.at.localeCompare(a.at)),
    permissions: {
      manage: canManageCase(access, pupil.yearGroup, loaded.case),
      recordVoice: canRecordPupilVoice(access, pupil.yearGroup, loaded.case),
      decideInclusion: canDecideCarerInclusion(access),
      recordReferral: canRecordReferral(access),
      readAudit: canReadAuditLog(access),
      readSafeguardingDetail: seesDetail,
    },
  };
  return view;
}
