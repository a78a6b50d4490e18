/**
 * What the tab may send to change a case, checked field by field: a bad value is refused with the field's
 * path and what is wrong, before anything is written. Text is kept exactly as written (trimmed at the ends);
 * it is never interpreted as markup.
 */
import { isValidDate } from '../clock';
import { isValidUpn } from '../pupil';
import { LETTER_KINDS, type LetterKind } from './case-items';
import type { ChecklistAnswer } from './escalation-checklist';
import { PROFESSIONAL_SERVICES, type ProfessionalService } from './family';
import { MEETING_KINDS, type AgreedAction, type Attendee, type Meeting, type MeetingKind } from './meetings';
import { STAGE_IDS, type CaseStage } from './support-case';
import { COMMUNICATION_METHODS, LITERACY_LEVELS, type CommunicationMethod, type CommunicationPreferences, type Literacy } from './voice';

export class CaseInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'CaseInputError';
  }
}

/** Short fields (a name, a role) and long ones (what someone said); both keep a stored item well inside a table row. */
const SHORT = 200;
const LONG = 4000;
const MAX_LIST = 20;

class Reader {
  private readonly obj: Record<string, unknown>;

  constructor(value: unknown, private readonly path: string) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CaseInputError(path || 'body', 'must be an object');
    this.obj = value as Record<string, unknown>;
  }

  private field(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  text(name: string, options: { required?: boolean; max?: number } = {}): string {
    const v = this.obj[name];
    const max = options.max ?? SHORT;
    if (v === undefined || v === null) {
      if (options.required) throw new CaseInputError(this.field(name), 'is required');
      return '';
    }
    if (typeof v !== 'string') throw new CaseInputError(this.field(name), 'must be text');
    const t = v.trim();
    if (options.required && !t) throw new CaseInputError(this.field(name), 'is required');
    if (t.length > max) throw new CaseInputError(this.field(name), `is ${t.length} characters; at most ${max} are kept`);
    return t;
  }

  optionalText(name: string, max = SHORT): string | undefined {
    return this.text(name, { max }) || undefined;
  }

  date(name: string, options: { required?: boolean; notAfter?: string; after?: string } = { required: true }): string | undefined {
    const v = this.obj[name];
    if (v === undefined || v === null || v === '') {
      if (options.required) throw new CaseInputError(this.field(name), 'is required (YYYY-MM-DD)');
      return undefined;
    }
    if (typeof v !== 'string' || !isValidDate(v)) throw new CaseInputError(this.field(name), `"${String(v)}" is not a date (YYYY-MM-DD)`);
    if (options.notAfter && v > options.notAfter) throw new CaseInputError(this.field(name), `${v} is in the future; record it once it has happened`);
    if (options.after && v <= options.after) throw new CaseInputError(this.field(name), `must be after ${options.after}`);
    return v;
  }

  requiredDate(name: string, options: { notAfter?: string; after?: string } = {}): string {
    return this.date(name, { ...options, required: true })!;
  }

  bool(name: string, fallback = false): boolean {
    const v = this.obj[name];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') throw new CaseInputError(this.field(name), 'must be true or false');
    return v;
  }

  number(name: string, options: { min: number; max: number; required?: boolean; integer?: boolean }): number | undefined {
    const v = this.obj[name];
    if (v === undefined || v === null || v === '') {
      if (options.required) throw new CaseInputError(this.field(name), 'is required');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || (options.integer && !Number.isInteger(v))) {
      throw new CaseInputError(this.field(name), `must be a ${options.integer ? 'whole ' : ''}number`);
    }
    if (v < options.min || v > options.max) throw new CaseInputError(this.field(name), `must be from ${options.min} to ${options.max}`);
    return v;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback?: T): T {
    const v = this.obj[name];
    if ((v === undefined || v === null || v === '') && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !values.includes(v as T)) throw new CaseInputError(this.field(name), `must be one of ${values.join(', ')}`);
    return v as T;
  }

  list<T>(name: string, each: (item: unknown, path: string) => T, options: { min?: number; max?: number } = {}): T[] {
    const v = this.obj[name] ?? [];
    if (!Array.isArray(v)) throw new CaseInputError(this.field(name), 'must be a list');
    const max = options.max ?? MAX_LIST;
    if (v.length > max) throw new CaseInputError(this.field(name), `has ${v.length} entries; at most ${max}`);
    if (v.length < (options.min ?? 0)) throw new CaseInputError(this.field(name), `needs at least ${options.min}`);
    return v.map((item, i) => each(item, `${this.field(name)}[${i}]`));
  }

  texts(name: string, max = LONG): string[] {
    return this.list(name, (item, path) => {
      if (typeof item !== 'string') throw new CaseInputError(path, 'must be text');
      const t = item.trim();
      if (t.length > max) throw new CaseInputError(path, `is ${t.length} characters; at most ${max} are kept`);
      return t;
    }).filter(Boolean);
  }

  object(name: string): Reader {
    return new Reader(this.obj[name], this.field(name));
  }

  has(name: string): boolean {
    return this.obj[name] !== undefined && this.obj[name] !== null;
  }
}

export function readOpenCase(body: unknown): { upn: string; reason: string } {
  const r = new Reader(body, '');
  const upn = r.text('upn', { required: true }).toUpperCase();
  if (!isValidUpn(upn)) throw new CaseInputError('upn', `"${upn}" is not a valid UPN`);
  return { upn, reason: r.text('reason', { required: true, max: LONG }) };
}

export type MeetingInput = Omit<Meeting, 'id' | 'recordedAt' | 'recordedBy'>;

export function readMeeting(body: unknown, today: string): MeetingInput {
  const r = new Reader(body, '');
  const date = r.requiredDate('date', { notAfter: today });
  const meeting: MeetingInput = {
    kind: r.oneOf<MeetingKind>('kind', MEETING_KINDS.map((k) => k.id)),
    date,
    method: r.oneOf('method', ['in-person', 'phone', 'virtual'] as const),
    attendees: r.list('attendees', (a, path): Attendee => {
      const ar = new Reader(a, path);
      return { name: ar.text('name', { required: true }), role: ar.text('role', { required: true }) };
    }, { min: 1 }),
    barriers: r.texts('barriers', 500),
    agreedActions: r.list('agreedActions', (a, path): AgreedAction => {
      const ar = new Reader(a, path);
      return { action: ar.text('action', { required: true, max: 500 }), owner: ar.text('owner', { required: true }), due: ar.requiredDate('due'), done: ar.bool('done') };
    }),
    summary: r.text('summary', { max: LONG }),
  };
  const nextReview = r.date('nextReview', { required: false, after: date });
  if (nextReview) meeting.nextReview = nextReview;
  return meeting;
}

export function readAgreedActionDone(body: unknown): { index: number; done: boolean } {
  const r = new Reader(body, '');
  return { index: r.number('index', { min: 0, max: MAX_LIST - 1, required: true, integer: true })!, done: r.bool('done') };
}

export function readFamilyContact(body: unknown, today: string) {
  const r = new Reader(body, '');
  return {
    date: r.requiredDate('date', { notAfter: today }),
    method: r.oneOf<CommunicationMethod>('method', COMMUNICATION_METHODS),
    withWhom: r.text('withWhom', { required: true }),
    summary: r.text('summary', { required: true, max: LONG }),
    supportReoffered: r.bool('supportReoffered'),
  };
}

export function readPupilVoice(body: unknown, today: string) {
  const r = new Reader(body, '');
  return {
    date: r.requiredDate('date', { notAfter: today }),
    heardBy: r.text('heardBy', { required: true }),
    inTheirWords: r.text('inTheirWords', { required: true, max: LONG }),
    atSchool: r.text('atSchool', { max: LONG }),
    atHome: r.text('atHome', { max: LONG }),
    whatWouldHelp: r.text('whatWouldHelp', { max: LONG }),
    patternsExplored: r.text('patternsExplored', { max: LONG }),
  };
}

export function readCheckIn(body: unknown, today: string) {
  const r = new Reader(body, '');
  return {
    date: r.requiredDate('date', { notAfter: today }),
    by: r.text('by', { required: true }),
    howTheyAre: r.text('howTheyAre', { required: true, max: LONG }),
    worriesRaised: r.text('worriesRaised', { max: LONG }),
    followUp: r.text('followUp', { max: LONG }),
  };
}

export function readParentVoice(body: unknown, today: string) {
  const r = new Reader(body, '');
  return {
    date: r.requiredDate('date', { notAfter: today }),
    carerName: r.text('carerName', { required: true }),
    inTheirWords: r.text('inTheirWords', { required: true, max: LONG }),
    barriers: r.texts('barriers', 500),
    whatWouldHelp: r.text('whatWouldHelp', { max: LONG }),
    matchesPupilsReasons: r.oneOf('matchesPupilsReasons', ['yes', 'partly', 'no', 'not-yet-known'] as const, 'not-yet-known'),
  };
}

export function readTrustedAdult(body: unknown) {
  const r = new Reader(body, '');
  const upn = r.optionalText('upn');
  return {
    ...(upn ? { upn: upn.toLowerCase() } : {}),
    name: r.text('name', { required: true }),
    role: r.text('role', { required: true }),
    agreedOn: r.requiredDate('agreedOn'),
    checkInEveryDays: r.number('checkInEveryDays', { min: 1, max: 28, integer: true }) ?? 7,
  };
}

export function readCommunication(body: unknown, path = 'communication'): CommunicationPreferences {
  const r = new Reader(body, path);
  return {
    method: r.oneOf<CommunicationMethod>('method', COMMUNICATION_METHODS),
    bestTime: r.text('bestTime'),
    language: r.text('language', { required: true }),
    literacy: r.oneOf<Literacy>('literacy', LITERACY_LEVELS, 'not-known'),
    interpreter: r.bool('interpreter'),
    considerations: r.text('considerations', { max: LONG }),
  };
}

export function readCarer(body: unknown) {
  const r = new Reader(body, '');
  return {
    name: r.text('name', { required: true }),
    relationship: r.text('relationship', { required: true }),
    livesWithPupil: r.bool('livesWithPupil'),
    parentalResponsibility: r.bool('parentalResponsibility'),
    communication: readCommunication((body as Record<string, unknown>).communication),
  };
}

export function readDslDecision(body: unknown): { decision: 'include' | 'exclude'; reason: string } {
  const r = new Reader(body, '');
  return { decision: r.oneOf('decision', ['include', 'exclude'] as const), reason: r.text('reason', { required: true, max: LONG }) };
}

export function readSibling(body: unknown) {
  const r = new Reader(body, '');
  const upn = r.optionalText('upn')?.toUpperCase();
  if (upn && !isValidUpn(upn)) throw new CaseInputError('upn', `"${upn}" is not a valid UPN`);
  const sibling: { name: string; school: string; upn?: string; yearGroup?: number; schoolContacted?: { on: string; outcome: string } } = {
    name: r.text('name', { required: true }),
    school: r.text('school', { required: true }),
  };
  if (upn) sibling.upn = upn;
  const yearGroup = r.number('yearGroup', { min: -1, max: 14, integer: true });
  if (yearGroup !== undefined) sibling.yearGroup = yearGroup;
  if (r.has('schoolContacted')) {
    const c = r.object('schoolContacted');
    sibling.schoolContacted = { on: c.requiredDate('on'), outcome: c.text('outcome', { required: true, max: LONG }) };
  }
  return sibling;
}

export function readProfessional(body: unknown) {
  const r = new Reader(body, '');
  return {
    service: r.oneOf<ProfessionalService>('service', PROFESSIONAL_SERVICES.map((s) => s.id)),
    name: r.text('name', { required: true }),
    role: r.text('role'),
    organisation: r.text('organisation'),
    phone: r.optionalText('phone'),
    email: r.optionalText('email'),
    isLeadProfessional: r.bool('isLeadProfessional'),
  };
}

export function readConsultation(body: unknown, today: string): { on: string; summary: string } {
  const r = new Reader(body, '');
  return { on: r.requiredDate('on', { notAfter: today }), summary: r.text('summary', { required: true, max: LONG }) };
}

export function readChecklistConfirmation(body: unknown): { answer: ChecklistAnswer; evidence: string } {
  const r = new Reader(body, '');
  return { answer: r.oneOf<ChecklistAnswer>('answer', ['done', 'not-applicable']), evidence: r.text('evidence', { required: true, max: LONG }) };
}

export function readNote(body: unknown): { text: string } {
  return { text: new Reader(body, '').text('text', { required: true, max: LONG }) };
}

export function readLetter(body: unknown, today: string) {
  const r = new Reader(body, '');
  return {
    date: r.requiredDate('date', { notAfter: today }),
    kind: r.oneOf<LetterKind>('kind', LETTER_KINDS.map((k) => k.id)),
    recipients: r.texts('recipients', SHORT),
    language: r.text('language', { required: true }),
    summary: r.text('summary', { max: LONG }),
  };
}

export function readStage(body: unknown): CaseStage {
  const stage = new Reader(body, '').oneOf<CaseStage>('stage', STAGE_IDS);
  if (stage === 'enforcement-referral') throw new CaseInputError('stage', 'an enforcement referral is recorded with its own action, once the escalation checklist is complete');
  return stage;
}

export function readLead(body: unknown): string {
  return new Reader(body, '').text('upn', { required: true }).toLowerCase();
}

export function readClosing(body: unknown): string {
  return new Reader(body, '').text('reason', { required: true, max: LONG });
}

export function readReferral(body: unknown): { summary: string; reference?: string } {
  const r = new Reader(body, '');
  const reference = r.optionalText('reference');
  return { summary: r.text('summary', { required: true, max: LONG }), ...(reference ? { reference } : {}) };
}

export function readBandCrossing(body: unknown, now: string) {
  const r = new Reader(body, '');
  const upn = r.text('upn', { required: true }).toUpperCase();
  if (!isValidUpn(upn)) throw new CaseInputError('upn', `"${upn}" is not a valid UPN`);
  const at = r.optionalText('at') ?? now;
  if (Number.isNaN(Date.parse(at))) throw new CaseInputError('at', `"${at}" is not a date and time`);
  return {
    upn,
    belowPercent: r.number('belowPercent', { min: 0, max: 100, required: true })!,
    label: r.text('label', { required: true }),
    percent: r.number('percent', { min: 0, max: 100, required: true })!,
    at: new Date(at).toISOString(),
  };
}
