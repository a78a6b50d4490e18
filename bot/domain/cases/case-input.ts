/**
 * What the tab may send to change a case, as schemas (zod): a bad value is refused with the field's path and
 * what is wrong, before anything is written. The tab's forms check with the same schemas, so the form and
 * the server say the same thing. Text is kept exactly as written (trimmed at the ends); it is never
 * interpreted as markup.
 */
import { z } from 'zod';
import { isValidDate } from '../clock';
import { parseInput, type InputProblem } from '../input-problems';
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

// ---- the pieces every schema is made of ----------------------------------------------------------

const missing = (v: unknown) => v === undefined || v === null;
const blank = (v: unknown) => missing(v) || v === '';

function object<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape, { error: 'must be an object' });
}

/** Text, trimmed; absent is "" unless required. */
function text(options: { required?: boolean; max?: number } = {}) {
  const max = options.max ?? SHORT;
  const checked = z
    .string({ error: (iss) => (missing(iss.input) ? 'is required' : 'must be text') })
    .trim()
    .refine((t) => !options.required || t !== '', { error: 'is required', abort: true })
    .refine((t) => t.length <= max, { error: (iss) => `is ${String(iss.input).length} characters; at most ${max} are kept` });
  return z.preprocess((v) => (missing(v) ? (options.required ? undefined : '') : v), checked);
}

/** Text that is left out when blank. */
function optionalText(max = SHORT) {
  return text({ max }).transform((t) => t || undefined);
}

/** A UPN, upper-cased, with its check letter right. */
function upn(options: { required: boolean }) {
  return text({ required: options.required }).transform((t) => t.toUpperCase()).refine((u) => !u || isValidUpn(u), { error: (iss) => `"${String(iss.input)}" is not a valid UPN` });
}

/** A date, YYYY-MM-DD; `notAfter` refuses one after that day (things are recorded once they have happened). */
function date(options: { notAfter?: string } = {}) {
  return z.preprocess(
    (v) => (blank(v) ? undefined : v),
    z
      .string({ error: (iss) => (missing(iss.input) ? 'is required (YYYY-MM-DD)' : `"${String(iss.input)}" is not a date (YYYY-MM-DD)`) })
      .refine(isValidDate, { error: (iss) => `"${String(iss.input)}" is not a date (YYYY-MM-DD)`, abort: true })
      .refine((d) => !options.notAfter || d <= options.notAfter, { error: (iss) => `${String(iss.input)} is in the future; record it once it has happened` }),
  );
}

function optionalDate() {
  return z.preprocess((v) => (blank(v) ? undefined : v), z.string({ error: (iss) => `"${String(iss.input)}" is not a date (YYYY-MM-DD)` }).refine(isValidDate, { error: (iss) => `"${String(iss.input)}" is not a date (YYYY-MM-DD)` }).optional());
}

function bool(fallback = false) {
  return z.preprocess((v) => (missing(v) ? fallback : v), z.boolean({ error: 'must be true or false' }));
}

/** A number from min to max; absent is undefined unless required. */
function number<R extends boolean = true>(options: { min: number; max: number; integer?: boolean; required?: R }) {
  const kind = `must be a ${options.integer ? 'whole ' : ''}number`;
  const n = z.number({ error: (iss) => (missing(iss.input) ? 'is required' : kind) });
  const range = { error: `must be from ${options.min} to ${options.max}` };
  const checked = (options.integer ? n.int({ error: kind }) : n).min(options.min, range).max(options.max, range);
  return z.preprocess((v) => (blank(v) ? undefined : v), (options.required === false ? checked.optional() : checked) as R extends false ? z.ZodOptional<typeof checked> : typeof checked);
}

/** A nested object that may be left out (absent or null). */
function optionalObject<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess((v) => (missing(v) ? undefined : v), object(shape).optional());
}

function oneOf<T extends string>(values: readonly T[], fallback?: T) {
  const e = z.enum(values as unknown as [T, ...T[]], { error: `must be one of ${values.join(', ')}` });
  return fallback === undefined ? e : z.preprocess((v) => (blank(v) ? fallback : v), e);
}

/** A list (absent is empty), its length checked before its entries. */
function list<T extends z.ZodType>(each: T, options: { min?: number; max?: number } = {}) {
  const max = options.max ?? MAX_LIST;
  const min = options.min ?? 0;
  return z.preprocess(
    (v) => v ?? [],
    z
      .array(z.unknown(), { error: 'must be a list' })
      .refine((a) => a.length <= max, { error: (iss) => `has ${(iss.input as unknown[]).length} entries; at most ${max}`, abort: true })
      .refine((a) => a.length >= min, { error: `needs at least ${min}`, abort: true })
      .pipe(z.array(each)),
  );
}

/** A list of texts, blank ones dropped. */
function texts(max = LONG) {
  return list(z.string({ error: 'must be text' }).trim().refine((t) => t.length <= max, { error: (iss) => `is ${String(iss.input).length} characters; at most ${max} are kept` })).transform((a) => a.filter(Boolean));
}

/** The first problem, at its field, as `{ field, message }`; undefined when the value is good. For forms. */
export function inputProblem(schema: z.ZodType, value: unknown, prefix = ''): InputProblem | undefined {
  const read = parseInput(schema, value, prefix);
  return read.ok ? undefined : read.problems[0];
}

/** The value as the schema reads it, or a CaseInputError at the first field at fault. */
export function readInput<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const read = parseInput(schema, value, prefix);
  if (read.ok) return read.value;
  throw new CaseInputError(read.problems[0].field, read.problems[0].message);
}

// ---- the schemas -----------------------------------------------------------------------------------

export const openCaseInput = object({ upn: upn({ required: true }), reason: text({ required: true, max: LONG }) });

export type MeetingInput = Omit<Meeting, 'id' | 'recordedAt' | 'recordedBy'>;

const attendee = object({ name: text({ required: true }), role: text({ required: true }) });
const agreedAction = object({ action: text({ required: true, max: 500 }), owner: text({ required: true }), due: date(), done: bool() });

/** A meeting held by `today`; its review, if set, after it. */
export function meetingInput(today: string) {
  return object({
    date: date({ notAfter: today }),
    kind: oneOf<MeetingKind>(MEETING_KINDS.map((k) => k.id)),
    method: oneOf(['in-person', 'phone', 'virtual'] as const),
    attendees: list(attendee, { min: 1 }),
    barriers: texts(500),
    agreedActions: list(agreedAction),
    summary: text({ max: LONG }),
    nextReview: optionalDate(),
  })
    .refine((m) => !m.nextReview || m.nextReview > m.date, { path: ['nextReview'], error: (iss) => `must be after ${(iss.input as { date: string }).date}` })
    .transform(({ nextReview, ...m }): MeetingInput => ({ ...m, attendees: m.attendees as Attendee[], agreedActions: m.agreedActions as AgreedAction[], ...(nextReview ? { nextReview } : {}) }));
}

export const agreedActionDoneInput = object({ index: number({ min: 0, max: MAX_LIST - 1, integer: true }), done: bool() });

export function familyContactInput(today: string) {
  return object({
    date: date({ notAfter: today }),
    method: oneOf<CommunicationMethod>(COMMUNICATION_METHODS),
    withWhom: text({ required: true }),
    summary: text({ required: true, max: LONG }),
    supportReoffered: bool(),
  });
}

export function pupilVoiceInput(today: string) {
  return object({
    date: date({ notAfter: today }),
    heardBy: text({ required: true }),
    inTheirWords: text({ required: true, max: LONG }),
    atSchool: text({ max: LONG }),
    atHome: text({ max: LONG }),
    whatWouldHelp: text({ max: LONG }),
    patternsExplored: text({ max: LONG }),
  });
}

export function checkInInput(today: string) {
  return object({
    date: date({ notAfter: today }),
    by: text({ required: true }),
    howTheyAre: text({ required: true, max: LONG }),
    worriesRaised: text({ max: LONG }),
    followUp: text({ max: LONG }),
  });
}

export function parentVoiceInput(today: string) {
  return object({
    date: date({ notAfter: today }),
    carerName: text({ required: true }),
    inTheirWords: text({ required: true, max: LONG }),
    barriers: texts(500),
    whatWouldHelp: text({ max: LONG }),
    matchesPupilsReasons: oneOf(['yes', 'partly', 'no', 'not-yet-known'] as const, 'not-yet-known'),
  });
}

export const trustedAdultInput = object({
  upn: optionalText().transform((u) => u?.toLowerCase()),
  name: text({ required: true }),
  role: text({ required: true }),
  agreedOn: date(),
  checkInEveryDays: number({ min: 1, max: 28, integer: true, required: false }),
}).transform(({ upn: u, checkInEveryDays, ...rest }) => ({ ...(u ? { upn: u } : {}), ...rest, checkInEveryDays: checkInEveryDays ?? 7 }));

export const communicationInput = object({
  method: oneOf<CommunicationMethod>(COMMUNICATION_METHODS),
  bestTime: text(),
  language: text({ required: true }),
  literacy: oneOf<Literacy>(LITERACY_LEVELS, 'not-known'),
  interpreter: bool(),
  considerations: text({ max: LONG }),
}).transform((c): CommunicationPreferences => c);

export const carerInput = object({
  name: text({ required: true }),
  relationship: text({ required: true }),
  livesWithPupil: bool(),
  parentalResponsibility: bool(),
  communication: communicationInput,
});

export const dslDecisionInput = object({ decision: oneOf(['include', 'exclude'] as const), reason: text({ required: true, max: LONG }) });

export const siblingInput = object({
  upn: upn({ required: false }),
  name: text({ required: true }),
  school: text({ required: true }),
  yearGroup: number({ min: -1, max: 14, integer: true, required: false }),
  schoolContacted: optionalObject({ on: date(), outcome: text({ required: true, max: LONG }) }),
}).transform(({ upn: u, yearGroup, schoolContacted, ...rest }) => ({ ...rest, ...(u ? { upn: u } : {}), ...(yearGroup !== undefined ? { yearGroup } : {}), ...(schoolContacted ? { schoolContacted } : {}) }));

export const professionalInput = object({
  service: oneOf<ProfessionalService>(PROFESSIONAL_SERVICES.map((s) => s.id)),
  name: text({ required: true }),
  role: text(),
  organisation: text(),
  phone: optionalText(),
  email: optionalText(),
  isLeadProfessional: bool(),
});

export function consultationInput(today: string) {
  return object({ on: date({ notAfter: today }), summary: text({ required: true, max: LONG }) });
}

export const checklistConfirmationInput = object({ answer: oneOf<ChecklistAnswer>(['done', 'not-applicable']), evidence: text({ required: true, max: LONG }) });

export const noteInput = object({ text: text({ required: true, max: LONG }) });

export function letterInput(today: string) {
  return object({
    date: date({ notAfter: today }),
    kind: oneOf<LetterKind>(LETTER_KINDS.map((k) => k.id)),
    recipients: texts(SHORT),
    language: text({ required: true }),
    summary: text({ max: LONG }),
  });
}

export const stageInput = object({
  stage: oneOf<CaseStage>(STAGE_IDS).refine((s) => s !== 'enforcement-referral', { error: 'an enforcement referral is recorded with its own action, once the escalation checklist is complete' }),
});

export const leadInput = object({ upn: text({ required: true }).transform((u) => u.toLowerCase()) });

export const closingInput = object({ reason: text({ required: true, max: LONG }) });

export const referralInput = object({ reference: optionalText(), summary: text({ required: true, max: LONG }) }).transform(({ reference, summary }) => ({ summary, ...(reference ? { reference } : {}) }));

export function bandCrossingInput(now: string) {
  return object({
    upn: upn({ required: true }),
    at: optionalText()
      .transform((at) => at ?? now)
      .refine((at) => !Number.isNaN(Date.parse(at)), { error: (iss) => `"${String(iss.input)}" is not a date and time` })
      .transform((at) => new Date(at).toISOString()),
    belowPercent: number({ min: 0, max: 100 }),
    label: text({ required: true }),
    percent: number({ min: 0, max: 100 }),
  }).transform(({ upn: u, at, ...rest }) => ({ upn: u, ...rest, at }));
}

// ---- the readers the routes call ----------------------------------------------------------------------

export const readOpenCase = (body: unknown) => readInput(openCaseInput, body);
export const readMeeting = (body: unknown, today: string): MeetingInput => readInput(meetingInput(today), body);
export const readAgreedActionDone = (body: unknown) => readInput(agreedActionDoneInput, body);
export const readFamilyContact = (body: unknown, today: string) => readInput(familyContactInput(today), body);
export const readPupilVoice = (body: unknown, today: string) => readInput(pupilVoiceInput(today), body);
export const readCheckIn = (body: unknown, today: string) => readInput(checkInInput(today), body);
export const readParentVoice = (body: unknown, today: string) => readInput(parentVoiceInput(today), body);
export const readTrustedAdult = (body: unknown) => readInput(trustedAdultInput, body);
/** `path` names the value where it is a field of something larger ("communication" of a carer). */
export const readCommunication = (body: unknown, path = 'communication'): CommunicationPreferences => readInput(communicationInput, body, path);
export const readCarer = (body: unknown) => readInput(carerInput, body);
export const readDslDecision = (body: unknown) => readInput(dslDecisionInput, body);
export const readSibling = (body: unknown) => readInput(siblingInput, body);
export const readProfessional = (body: unknown) => readInput(professionalInput, body);
export const readConsultation = (body: unknown, today: string) => readInput(consultationInput(today), body);
export const readChecklistConfirmation = (body: unknown) => readInput(checklistConfirmationInput, body);
export const readNote = (body: unknown) => readInput(noteInput, body);
export const readLetter = (body: unknown, today: string) => readInput(letterInput(today), body);
export const readStage = (body: unknown): CaseStage => readInput(stageInput, body).stage;
export const readLead = (body: unknown): string => readInput(leadInput, body).upn;
export const readClosing = (body: unknown): string => readInput(closingInput, body).reason;
export const readReferral = (body: unknown) => readInput(referralInput, body);
export const readBandCrossing = (body: unknown, now: string) => readInput(bandCrossingInput(now), body);
