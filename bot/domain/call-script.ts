/**
 * The first-day call script (the one-minute guide to first-day phone calls, "One minute guide: first-day phone calls for non-attendance"), as data
 * and rules: the steps the claimer walks once someone answers, what each step must record, where each answer
 * leads, and the register code the outcome suggests. The card renders the current step; the server checks
 * every submission against these rules.
 */

export type ScriptStepId =
  | 'introduce'
  | 'identity'
  | 'purpose'
  | 'open-question'
  | 'illness'
  | 'illness-attendance'
  | 'illness-gp'
  | 'barrier'
  | 'adamant'
  | 'family-emergency'
  | 'refusing'
  | 'hospital'
  | 'other'
  | 'finish';

export type ReasonHeard = 'illness' | 'barrier' | 'family-emergency' | 'refusing' | 'hospital' | 'other';

export interface ScriptChoice {
  value: string;
  title: string;
}

type Answers = Readonly<Record<string, string>>;

export interface ScriptInput {
  id: string;
  label: string;
  kind: 'text' | 'long-text' | 'time' | 'choice' | 'toggle';
  choices?: ScriptChoice[];
  /** Always required, or required only when other answers on the step call for it. */
  required?: true | { when: (answers: Answers) => boolean; message: string };
  placeholder?: string;
}

export interface ScriptStep {
  id: ScriptStepId;
  title: string;
  /** Words to use with the parent, with {placeholders}. */
  say?: string[];
  /** How to handle this part of the call. */
  guidance?: string[];
  /** A warning shown prominently. */
  reminder?: string;
  inputs: ScriptInput[];
  nextLabel: string;
  /** Where the answers lead: another step, the end of the call, or a stop (wrong person). */
  next: (answers: Answers) => ScriptStepId | 'finished' | 'stopped';
}

/** What the script knows about the call, for the words on the card. */
export interface ScriptContext {
  childName: string;
  contactName: string;
  schoolName: string;
  staffName: string;
  /** Local HH:MM by which parents must report tomorrow's absence. */
  notifyBy: string;
}

const yes = (v: string | undefined) => v === 'true';

const COMING_IN: ScriptChoice[] = [
  { value: 'yes', title: 'Yes: an arrival time is agreed' },
  { value: 'no', title: 'No: {child} will not come in today' },
];

/** When the pupil is not coming in, somebody must own the call back. */
const callBackWhenNotComingIn: ScriptInput = {
  id: 'callBackBy',
  label: 'Who will call the parent back (name or role)',
  kind: 'text',
  required: { when: (a) => a.comingIn === 'no', message: 'Say who will call the parent back.' },
};

const arrivalTime = (when: (a: Answers) => boolean): ScriptInput => ({
  id: 'arrivalTime',
  label: 'Agreed arrival time',
  kind: 'time',
  required: { when, message: 'Enter the arrival time you agreed.' },
});

export const REASONS: readonly (ScriptChoice & { value: ReasonHeard })[] = [
  { value: 'illness', title: '{child} is unwell' },
  { value: 'barrier', title: 'Overslept, no clean uniform, no packed lunch or similar' },
  { value: 'family-emergency', title: 'A family emergency' },
  { value: 'refusing', title: '{child} is refusing to come to school' },
  { value: 'hospital', title: '{child} is in hospital' },
  { value: 'other', title: 'Something else, or the call is not going well' },
];

export const SCRIPT_STEPS: Readonly<Record<ScriptStepId, ScriptStep>> = {
  introduce: {
    id: 'introduce',
    title: 'Introduce yourself',
    say: ['Hello, is that {contact}? I\'m calling from {school}. My name is {you} and I am [your job title].'],
    guidance: ["Use the parent or carer's name, your full name and your job title."],
    inputs: [],
    nextLabel: 'Next: check who I am speaking to',
    next: () => 'identity',
  },
  identity: {
    id: 'identity',
    title: 'Check you are speaking to the right person',
    guidance: ['Before you say why you are calling, make sure you are speaking to {contact}. This keeps the call within data protection law (GDPR).'],
    reminder: 'If it is not {contact}, say nothing about {child}: end the call politely and ring the next contact.',
    inputs: [
      {
        id: 'identity',
        label: 'Who answered?',
        kind: 'choice',
        required: true,
        choices: [
          { value: 'confirmed', title: 'I am speaking to {contact}' },
          { value: 'wrong-person', title: 'Someone else answered: stop here' },
        ],
      },
    ],
    nextLabel: 'Next',
    next: (a) => (a.identity === 'wrong-person' ? 'stopped' : 'purpose'),
  },
  purpose: {
    id: 'purpose',
    title: 'Explain why you are calling',
    say: [
      "{child} isn't in school today and we're concerned because we haven't had a message to explain why. I'm calling to check that {child} and the family are OK, and to find out why {child} isn't in school.",
    ],
    guidance: ['Every call is a chance to say: {child} is important to us, we care, {child} belongs here.'],
    inputs: [],
    nextLabel: 'Next: ask why',
    next: () => 'open-question',
  },
  'open-question': {
    id: 'open-question',
    title: 'Ask why {child} is not in school',
    say: ["Can you tell me why {child} isn't in school today?"],
    reminder: 'Keep the question open. Do not ask a leading question such as "Is {child} ill today?"',
    inputs: [{ id: 'reason', label: 'What did the parent or carer say?', kind: 'choice', required: true, choices: [...REASONS] }],
    nextLabel: 'Next',
    next: (a) => a.reason as ReasonHeard,
  },
  illness: {
    id: 'illness',
    title: '{child} is unwell',
    say: ["I'm sorry to hear that. Please could you let me know what's wrong, so that I can update our records and let {child}'s teacher know?"],
    guidance: [
      'Some parents tell you what is wrong straight away. If they only say "ill", ask as above.',
      'If they would rather not say, do not probe further: say you will pass the message on, and note who to.',
    ],
    inputs: [
      {
        id: 'illnessDetail',
        label: "What's wrong, in the parent's words",
        kind: 'long-text',
        required: { when: (a) => !yes(a.declined), message: "Note what's wrong, or tick that the parent preferred not to say." },
      },
      { id: 'declined', label: 'The parent preferred not to say', kind: 'toggle' },
      {
        id: 'passOnTo',
        label: 'Who you will pass it on to (name or role)',
        kind: 'text',
        required: { when: (a) => yes(a.declined), message: 'Say who you will pass the message on to.' },
      },
      {
        id: 'severity',
        label: 'How unwell does {child} sound?',
        kind: 'choice',
        required: true,
        choices: [
          { value: 'minor', title: 'Minor: {child} should be in school' },
          { value: 'unsure', title: 'The parent is unsure whether {child} is well enough' },
          { value: 'unwell', title: 'Too unwell for school today' },
        ],
      },
    ],
    nextLabel: 'Next',
    next: (a) => (a.severity === 'unwell' ? 'illness-gp' : 'illness-attendance'),
  },
  'illness-attendance': {
    id: 'illness-attendance',
    title: 'Ask for {child} to come in',
    guidance: [
      'If the illness is minor: explain that {child} should be in school and ask the parent to bring {child} in. Say you will ask a member of staff to keep an eye on {child}, and the school will call if {child} needs to go home.',
      'If the parent is unsure: suggest they see how {child} is at lunchtime and bring {child} in for lunch or the afternoon. Half a day in school is better than none.',
      'If the parent will not bring {child} in today, say you look forward to seeing {child} back in school tomorrow.',
    ],
    inputs: [
      {
        id: 'comingIn',
        label: 'Will {child} come in today?',
        kind: 'choice',
        required: true,
        choices: [
          { value: 'now', title: 'Yes, this morning' },
          { value: 'afternoon', title: 'Yes, for lunch or the afternoon' },
          { value: 'no', title: 'No, not today' },
        ],
      },
      arrivalTime((a) => a.comingIn === 'now' || a.comingIn === 'afternoon'),
      { id: 'keepAnEyeBy', label: 'Who will keep an eye on {child} (name or role)', kind: 'text' },
    ],
    nextLabel: 'Next',
    next: () => 'illness-gp',
  },
  'illness-gp': {
    id: 'illness-gp',
    title: 'GP or NHS 111',
    guidance: ['If it sounds as though a GP or NHS 111 should have been consulted, ask whether the parent has done so. If not, suggest that they may want to.'],
    inputs: [
      {
        id: 'gpAdvice',
        label: 'GP or 111',
        kind: 'choice',
        required: true,
        choices: [
          { value: 'not-needed', title: 'Not needed for this illness' },
          { value: 'already', title: 'The parent has already contacted the GP or 111' },
          { value: 'suggested', title: 'I suggested they contact the GP or 111' },
        ],
      },
    ],
    nextLabel: 'Next: finish the call',
    next: () => 'finish',
  },
  barrier: {
    id: 'barrier',
    title: 'Overslept, no uniform, no packed lunch',
    say: ['I understand that. It is really important that {child} comes in today, even if {child} is late. How long will it take to get ready?'],
    guidance: [
      'Listen, and be supportive but firm. Validate their feelings ("I understand that") and, wherever you can, offer practical help with the barrier (a spare uniform, a school lunch).',
      'Try to get a firm commitment to bring {child} in today and agree a time you will expect to see them.',
    ],
    inputs: [
      {
        id: 'barrier',
        label: 'What is stopping {child} coming in?',
        kind: 'choice',
        required: true,
        choices: [
          { value: 'overslept', title: 'Overslept' },
          { value: 'uniform', title: 'No clean uniform' },
          { value: 'lunch', title: 'No packed lunch' },
          { value: 'other', title: 'Something similar' },
        ],
      },
      { id: 'supportOffered', label: 'Practical support offered', kind: 'text', placeholder: 'e.g. spare uniform from the office' },
      { id: 'comingIn', label: 'Will the parent bring {child} in today?', kind: 'choice', required: true, choices: COMING_IN },
      arrivalTime((a) => a.comingIn === 'yes'),
    ],
    nextLabel: 'Next',
    next: (a) => (a.comingIn === 'no' ? 'adamant' : 'finish'),
  },
  adamant: {
    id: 'adamant',
    title: 'The parent will not bring {child} in',
    say: ["This isn't a reason the school can accept for being off, so the absence won't be authorised. We look forward to seeing {child} back in school tomorrow."],
    guidance: [
      'You do not need to explain what the consequences of unauthorised absence might be (for example a penalty notice): the attendance team follows that up separately if needed.',
    ],
    inputs: [{ id: 'explainedUnauthorised', label: 'I explained that the absence will not be authorised', kind: 'toggle', required: true }],
    nextLabel: 'Next: finish the call',
    next: () => 'finish',
  },
  'family-emergency': {
    id: 'family-emergency',
    title: 'A family emergency',
    guidance: [
      'Sensitively try to find out what kind of emergency it is. If it seems appropriate, ask whether the school can do anything to help so that {child} can still come in today.',
      'If it is unclear, or it does not seem a reason to be off school but the parent thinks it is, say that a named member of staff will call them back to talk it through.',
    ],
    inputs: [
      { id: 'emergency', label: 'What kind of emergency, as the parent described it', kind: 'long-text', required: true },
      { id: 'supportOffered', label: 'Support the school offered', kind: 'text' },
      { id: 'comingIn', label: 'Will {child} come in today?', kind: 'choice', required: true, choices: COMING_IN },
      arrivalTime((a) => a.comingIn === 'yes'),
      callBackWhenNotComingIn,
    ],
    nextLabel: 'Next: finish the call',
    next: () => 'finish',
  },
  refusing: {
    id: 'refusing',
    title: '{child} is refusing to come to school',
    say: ['Do you know why {child} does not want to come in?'],
    guidance: [
      'Whether it is worries at home, schoolwork, friendships or bullying, or the parent does not know: ask them to reassure {child} that someone will talk with {child} on arrival, before going into class, to hear any worries and make a plan.',
      'If the parent cannot persuade {child} to come in, arrange for a member of staff to call them back to talk it through.',
    ],
    inputs: [
      {
        id: 'why',
        label: 'Why, as far as the parent knows',
        kind: 'choice',
        required: true,
        choices: [
          { value: 'home', title: 'Worried about something at home' },
          { value: 'schoolwork', title: 'Schoolwork' },
          { value: 'friendships', title: 'Friendship issues' },
          { value: 'bullying', title: 'Bullying' },
          { value: 'other', title: 'Something else' },
          { value: 'unknown', title: 'The parent does not know' },
        ],
      },
      { id: 'whyDetail', label: 'What the parent said', kind: 'long-text' },
      { id: 'meetBy', label: 'Who will meet {child} on arrival (name or role)', kind: 'text', required: true },
      {
        id: 'comingIn',
        label: 'Can the parent get {child} to school today?',
        kind: 'choice',
        required: true,
        choices: [
          { value: 'yes', title: 'Yes: an arrival time is agreed' },
          { value: 'no', title: 'No: the parent cannot persuade {child}' },
        ],
      },
      arrivalTime((a) => a.comingIn === 'yes'),
      callBackWhenNotComingIn,
    ],
    nextLabel: 'Next: finish the call',
    next: () => 'finish',
  },
  hospital: {
    id: 'hospital',
    title: '{child} is in hospital',
    say: ["I'm sorry to hear that. I'll let a colleague know, and please keep the school updated."],
    guidance: ['The person you name will contact the parent for more information if they think it necessary.'],
    inputs: [
      { id: 'followUpBy', label: 'Who will follow up (name or role)', kind: 'text', required: true },
      { id: 'hospitalDetail', label: 'Anything the parent shared', kind: 'long-text' },
    ],
    nextLabel: 'Next: finish the call',
    next: () => 'finish',
  },
  other: {
    id: 'other',
    title: 'Another reason',
    guidance: [
      "Note what the parent told you. If the reasons seem complex, or the call is not going well for any reason, politely explain that you'll ask a colleague to call them back.",
    ],
    inputs: [
      { id: 'otherReason', label: 'What the parent said', kind: 'long-text', required: true },
      { id: 'callBackBy', label: 'Who will call the parent back, if anyone (name or role)', kind: 'text' },
      {
        id: 'code',
        label: 'Register code to suggest',
        kind: 'choice',
        required: true,
        choices: [
          { value: 'O', title: 'O: absent in other or unknown circumstances (unauthorised)' },
          { value: 'N', title: 'N: reason not yet established (someone will call back)' },
          { value: 'I', title: 'I: illness' },
          { value: 'M', title: 'M: medical or dental appointment' },
          { value: 'R', title: 'R: religious observance' },
          { value: 'C', title: 'C: exceptional circumstances (if the head authorises)' },
          { value: 'G', title: 'G: holiday not agreed by the school' },
        ],
      },
    ],
    nextLabel: 'Next: finish the call',
    next: () => 'finish',
  },
  finish: {
    id: 'finish',
    title: 'Finish the call',
    say: [
      'If {child} is still off tomorrow, please let us know by {notifyBy}. You can ring the school office, email, or use the school app.',
      "If we don't know why a child is off and can't reach you, that worries us. We then follow our safeguarding process, which could include a home visit or asking the police for a welfare check.",
    ],
    guidance: ['Summarise what you have agreed will happen next.'],
    inputs: [
      {
        id: 'toldNotifyBy',
        label: 'I told the parent to let us know by {notifyBy} if {child} is off tomorrow',
        kind: 'toggle',
        required: { when: (a) => a.reason !== 'hospital', message: 'Tell the parent when to let the school know about tomorrow, and tick the box.' },
      },
      { id: 'toldSafeguarding', label: "I explained what the school does when it can't reach a family", kind: 'toggle' },
      { id: 'nextSteps', label: 'Next steps agreed', kind: 'long-text', required: true, placeholder: 'e.g. Mum will bring Amy in by 10:30; Mr Ali will meet her at reception' },
    ],
    nextLabel: 'Record the outcome',
    next: () => 'finished',
  },
};

export interface ScriptState {
  contactId: string;
  contactName: string;
  /** The attempt that was answered. */
  attemptId: string;
  step: ScriptStepId;
  /** Steps walked so far, in order; Back pops the last. */
  trail: ScriptStepId[];
  /** Answers per step; only the steps on the trail count. */
  answers: Partial<Record<ScriptStepId, Record<string, string>>>;
}

export function startScript(contactId: string, contactName: string, attemptId: string): ScriptState {
  return { contactId, contactName, attemptId, step: 'introduce', trail: [], answers: {} };
}

/** Every answer on the trail and the current step, later steps winning. */
export function answersOf(state: ScriptState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const step of [...state.trail, state.step]) Object.assign(out, state.answers[step] ?? {});
  return out;
}

export type SubmitResult =
  | { ok: true; state: ScriptState; ended?: 'finished' | 'stopped' }
  | { ok: false; problems: string[] };

const MAX_TEXT = 2000;

/**
 * Checks a step's answers and moves on. `stepId` is the step the card showed: a press on a card that has
 * since moved on changes nothing.
 */
export function submitStep(state: ScriptState, stepId: string, values: Record<string, unknown>, ctx: ScriptContext): SubmitResult {
  if (stepId !== state.step) return { ok: false, problems: ['This step has already been recorded. The card now shows where the call is up to.'] };
  const step = SCRIPT_STEPS[state.step];
  const given: Record<string, string> = {};
  const problems: string[] = [];
  const invalid = new Set<string>();
  for (const input of step.inputs) {
    const raw = values[input.id];
    const value = typeof raw === 'string' ? raw.trim() : typeof raw === 'boolean' || typeof raw === 'number' ? String(raw) : '';
    if (value === '') continue;
    const problem = valueProblem(input, value, fill(input.label, ctx));
    if (problem) {
      problems.push(problem);
      invalid.add(input.id);
    } else given[input.id] = value;
  }
  const context = { ...answersOf(state), ...given };
  for (const input of step.inputs) {
    if (!input.required || invalid.has(input.id)) continue;
    const missing = input.kind === 'toggle' ? given[input.id] !== 'true' : !given[input.id];
    if (!missing) continue;
    if (input.required === true) problems.push(input.kind === 'toggle' ? `Tick "${fill(input.label, ctx)}".` : `"${fill(input.label, ctx)}" is needed.`);
    else if (input.required.when(context)) problems.push(fill(input.required.message, ctx));
  }
  if (problems.length) return { ok: false, problems };

  const answers = { ...state.answers, [state.step]: given };
  const next = step.next(context);
  if (next === 'finished' || next === 'stopped') return { ok: true, state: { ...state, answers }, ended: next };
  return { ok: true, state: { ...state, answers, trail: [...state.trail, state.step], step: next } };
}

function valueProblem(input: ScriptInput, value: string, label: string): string | undefined {
  if (input.kind === 'choice' && !input.choices!.some((c) => c.value === value)) return `"${label}": choose one of the options.`;
  if (input.kind === 'toggle' && value !== 'true' && value !== 'false') return `"${label}": tick or untick the box.`;
  if (input.kind === 'time' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) return `"${label}": enter a time such as 10:30.`;
  if (value.length > MAX_TEXT) return `"${label}": keep it under ${MAX_TEXT} characters.`;
  return undefined;
}

/** Back one step; answers already given stay filled in. */
export function stepBack(state: ScriptState): ScriptState | undefined {
  if (state.trail.length === 0) return undefined;
  const trail = state.trail.slice(0, -1);
  return { ...state, trail, step: state.trail[state.trail.length - 1] };
}

export interface SuggestedCode {
  code: string;
  /** Why, in a line a member of staff reads on the card. */
  note: string;
}

export function suggestedCode(answers: Answers): SuggestedCode {
  const comingToday = answers.comingIn === 'yes' || answers.comingIn === 'now';
  switch (answers.reason as ReasonHeard) {
    case 'illness':
      if (answers.comingIn === 'afternoon') return { code: 'I', note: 'I for this morning; mark the afternoon when they arrive.' };
      if (comingToday) return { code: 'I', note: 'I until they arrive; if they arrive before the register closes use L.' };
      return { code: 'I', note: 'Illness, reported by the parent.' };
    case 'barrier':
      return comingToday
        ? { code: 'U', note: 'U when they arrive after the register has closed (L if before).' }
        : { code: 'O', note: 'Unauthorised: not a valid reason for absence.' };
    case 'family-emergency':
      return comingToday
        ? { code: 'U', note: 'U when they arrive after the register has closed.' }
        : { code: 'N', note: 'Keep N until the call-back: C if the headteacher authorises it, O if not.' };
    case 'refusing':
      return comingToday
        ? { code: 'U', note: 'U when they arrive after the register has closed.' }
        : { code: 'N', note: 'Keep N until the call-back establishes the reason; O if there is none.' };
    case 'hospital':
      return { code: 'I', note: 'Illness (hospital). Use M only for a planned appointment.' };
    default:
      return { code: answers.code || 'O', note: answers.code === 'N' ? 'Someone will call back to establish the reason.' : 'Chosen by the caller.' };
  }
}

export interface CallOutcome {
  reason: ReasonHeard;
  /** "Unwell: sickness bug", for the card and the chronology. */
  summary: string;
  suggestedCode: SuggestedCode;
  arrivalTime?: string;
  /** Who does what next, as recorded: call back, follow up, meet on arrival, passed on to. */
  callBackBy?: string;
  followUpBy?: string;
  meetBy?: string;
  passOnTo?: string;
  gpAdvice?: string;
  toldNotifyBy: boolean;
  notifyBy: string;
  nextSteps: string;
  contactName: string;
  /** Every answer on the trail, by input id. */
  answers: Record<string, string>;
}

export function scriptOutcome(state: ScriptState, ctx: ScriptContext): CallOutcome {
  const a = answersOf(state);
  const reason = a.reason as ReasonHeard;
  const reasonTitle = fill(REASONS.find((r) => r.value === reason)?.title ?? 'Other', ctx);
  const detail = a.illnessDetail || (a.declined === 'true' ? 'parent preferred not to say' : '') || a.emergency || a.otherReason || a.whyDetail || '';
  const arriving = a.arrivalTime ? `; coming in at ${a.arrivalTime}` : '';
  return {
    reason,
    summary: `${reasonTitle}${detail ? `: ${detail}` : ''}${arriving}`,
    suggestedCode: suggestedCode(a),
    arrivalTime: a.arrivalTime,
    callBackBy: a.callBackBy,
    followUpBy: a.followUpBy,
    meetBy: a.meetBy,
    passOnTo: a.passOnTo,
    gpAdvice: a.gpAdvice,
    toldNotifyBy: a.toldNotifyBy === 'true',
    notifyBy: ctx.notifyBy,
    nextSteps: a.nextSteps ?? '',
    contactName: state.contactName,
    answers: a,
  };
}

/** Puts the call's names into a line of the script: {child}, {contact}, {school}, {you}, {notifyBy}. */
export function fill(text: string, ctx: ScriptContext): string {
  const values: Record<string, string> = {
    child: ctx.childName,
    contact: ctx.contactName,
    school: ctx.schoolName,
    you: ctx.staffName,
    notifyBy: ctx.notifyBy,
  };
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
