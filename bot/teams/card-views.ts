/**
 * What each card shows, as data for its template (cards/*.json, expanded by cards/card-templates).
 * The channel's cards carry only what every member of the channel may see: name, year, form, a priority
 * marker that never says why, and who is calling. Contacts appear only in the claimer's calling view.
 */
import type { ListToCheck } from '../jobs/ports';
import { ATTENDANCE_CODES } from '../domain/attendance-codes';
import { ATTEMPT_OUTCOMES, attemptSummary, callProgress, contactsForCalling } from '../domain/call-log';
import { fill, SCRIPT_STEPS, type ScriptContext, type ScriptState } from '../domain/call-script';
import { toLocal } from '../domain/clock';
import { yearGroupLabel } from '../domain/daily-list';
import type { Contact, PhoneNumber } from '../domain/pupil';
import { cardKey, localTime, type CardCounts, type PupilCard } from '../domain/pupil-card';
import type { School, StaffMember } from '../domain/school';
import type { Session } from '../domain/session-marks';
import type { CaseLink } from './case-link';
import { renderCard, type AdaptiveCard, type ScriptView } from './cards/card-templates';

export type { AdaptiveCard };

/** A pupil card as stored: an afternoon list's card carries its session (a morning card has none). */
export type SessionCard = PupilCard & { session?: Session };

/** "Absent this afternoon" for a card from the afternoon list; nothing for the morning's. */
function sessionLine(card: PupilCard): string {
  return (card as SessionCard).session === 'PM' ? 'Absent this afternoon' : '';
}

/** A message activity carrying one card. */
export function cardMessage(card: AdaptiveCard, summaryText?: string): Record<string, unknown> {
  return {
    type: 'message',
    summary: summaryText,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  };
}

export function staffName(staff: Pick<StaffMember, 'title' | 'displayName'>): string {
  return staff.title || staff.displayName;
}

/** "Monday 2 March". */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

function yearForm(card: PupilCard): string {
  return `${yearGroupLabel(card.pupil.yearGroup)} · ${card.pupil.form}`;
}

export interface SharedViewOptions {
  school: Pick<School, 'timeZone'>;
  /** The school's date today: a card from another day is read-only. */
  today: string;
  notice?: string;
  /** The reassign form, for the attendance officer or lead. */
  reassignTo?: { title: string; value: string }[];
  /** Where "Open case" goes; the tab itself checks who may see the case. */
  caseLink?: CaseLink;
}

/** The card everyone in the channel sees. */
export function sharedCard(card: PupilCard, options: SharedViewOptions): AdaptiveCard {
  const tz = options.school.timeZone;
  const readOnly = card.date !== options.today;
  let statusLine = 'Not claimed yet';
  let statusColor = 'Default';
  if (card.status === 'in-progress' && card.claim) {
    statusLine = `Claimed by ${card.claim.byName}, ${localTime(card.claim.at, tz)}`;
    statusColor = 'Accent';
  } else if (card.status === 'resolved' && card.outcome) {
    statusLine = `Call recorded by ${card.outcome.byName}, ${localTime(card.outcome.at, tz)}`;
    statusColor = 'Good';
  } else if (card.status === 'no-contact' && card.noContact) {
    statusLine = `No contact after two rounds of calls (${card.noContact.byName}, ${localTime(card.noContact.at, tz)}): with the safeguarding team`;
    statusColor = 'Attention';
  }
  const open = !readOnly && (card.status === 'unclaimed' || card.status === 'in-progress');
  const showReassign = open && !!options.reassignTo?.length;
  return renderCard('pupil-card', {
    key: cardKey(card),
    marker: cardMarker(card),
    name: card.pupil.name,
    yearForm: yearForm(card),
    sessionLine: sessionLine(card),
    priority: card.pupil.priority,
    statusLine,
    statusColor,
    notice: options.notice ?? '',
    carryLine: card.carriedOver ? `Day ${card.carriedOver.day} — still unexplained since ${longDate(card.carriedOver.since)}` : '',
    readOnlyNote: readOnly ? `This card is from ${longDate(card.date)}. Cards from earlier days can be read but no longer changed.` : '',
    refreshUserIds: !readOnly && card.status !== 'unclaimed' && card.claim?.byMri ? [card.claim.byMri] : [],
    canClaim: !readOnly && card.status === 'unclaimed',
    canOpen: !readOnly && card.status === 'in-progress',
    canOfferReassign: open && !showReassign,
    showReassign,
    staffChoices: options.reassignTo ?? [],
    caseUrl: options.caseLink?.({ upn: card.pupil.upn, name: card.pupil.name }) ?? '',
  });
}

const ESCALATION_QUESTIONS = [
  'Does the child have additional agency support, such as a social worker?',
  'Is there any in-school intelligence?',
  'Does anyone in school know the family?',
  'Is a prompt home visit needed? No explanation from a supportive family is very worrying too.',
];

export interface CallingViewOptions {
  school: Pick<School, 'name' | 'timeZone' | 'notifyByTime'>;
  /** The claimer, as the script names them. */
  staffFullName: string;
  notice?: string;
  /** Show the concern form instead of the call. */
  concernForm?: boolean;
  /** Fresh ids for the presses this view offers, so a retried press counts once. */
  newId: () => string;
}

/** The claimer's own view: contacts with tel: links, the call log, the script. Sent to the claimer only. */
export function callingCard(card: PupilCard, contacts: Contact[], options: CallingViewOptions): AdaptiveCard {
  const tz = options.school.timeZone;
  const forCalling = contactsForCalling(contacts);
  const progress = callProgress(forCalling, card.attempts);
  const inCall = card.status === 'in-progress' && !!card.script && !options.concernForm;
  const calling = card.status === 'in-progress' && !card.script && !options.concernForm;

  const contactViews = forCalling.map((c, i) => {
    const full = contacts.find((x) => x.contactId === c.contactId)!;
    const p = progress.contacts[i];
    const facts = [
      full.parentalResponsibility ? 'Parental responsibility' : 'No parental responsibility',
      full.livesWithPupil ? 'Lives with the pupil' : 'Does not live with the pupil',
      full.preferredMethod ? `Prefers ${full.preferredMethod}` : '',
      full.language && full.language.toLowerCase() !== 'english' ? `Speaks ${full.language}` : '',
      full.email ? `Email: ${full.email}` : '',
    ].filter(Boolean);
    let caution = '';
    if (c.requiresDslApproval) caution = 'Ask the DSL before contacting this person.';
    else if (p.wrongNumber) caution = 'Number logged as wrong: skip in later rounds.';
    else if (!c.hasPhone) caution = 'No phone number on record.';
    const last = p.lastOutcome ? ` · last: ${ATTEMPT_OUTCOMES.find((o) => o.outcome === p.lastOutcome)!.label.toLowerCase()} at ${localTime(p.lastAt!, tz)}` : '';
    return {
      heading: `${i + 1}. ${c.name} (${c.relationship})`,
      detail: facts.join(' · '),
      phones: phoneLinks(full.phones),
      caution,
      progress: p.rings === 0 && !p.lastOutcome ? 'Not rung yet' : `Rung ${p.rings} time${p.rings === 1 ? '' : 's'}${last}`,
    };
  });

  let roundLine: string;
  if (progress.nobodyToRing) roundLine = 'There is no working number to ring. Record no contact so the safeguarding team can act.';
  else if (progress.completedRounds >= 2) roundLine = `${progress.completedRounds} full rounds done. If nobody answers, record no contact.`;
  else roundLine = `Round ${progress.currentRound} of at least 2: ring every contact in order${progress.completedRounds ? ` (${progress.completedRounds} full round done)` : ''}.`;

  const ctx = scriptContext(card, options);
  const script = inCall ? scriptView(card.script!, contacts, ctx) : emptyScript();
  const claimedLine = [
    sessionLine(card),
    card.claim
      ? card.claim.assignedBy
        ? `assigned to you by ${card.claim.assignedBy} at ${localTime(card.claim.at, tz)}`
        : `you claimed this at ${localTime(card.claim.at, tz)}`
      : '',
  ]
    .filter(Boolean)
    .join(' · ');

  return renderCard('pupil-calling', {
    key: cardKey(card),
    name: card.pupil.name,
    yearForm: yearForm(card),
    priority: card.pupil.priority,
    headline: claimedLine,
    notice: options.notice ?? '',
    overseas: progress.overseas && card.status === 'in-progress',
    refreshUserIds: card.claim?.byMri ? [card.claim.byMri] : [],
    isCalling: calling,
    isScript: inCall,
    isConcern: !!options.concernForm,
    isResolved: card.status === 'resolved' && !options.concernForm,
    isNoContact: card.status === 'no-contact' && !options.concernForm,
    roundLine,
    contacts: contactViews,
    contactChoices: forCalling.filter((_, i) => progress.contacts[i].inRounds).map((c) => ({ title: `${c.name} (${c.relationship})`, value: c.contactId })),
    nextContactId: progress.nextContactId ?? '',
    outcomeChoices: ATTEMPT_OUTCOMES.map((o) => ({ title: o.label, value: o.outcome })),
    canRecordNoContact: progress.canRecordNoContact,
    noContactHint: calling && !progress.canRecordNoContact && !progress.reached ? 'Ring every contact at least twice before recording no contact.' : '',
    attemptId: options.newId(),
    concernId: options.newId(),
    concernFrom: card.script?.step ?? card.status,
    script,
    outcomeFacts: card.outcome ? outcomeFacts(card, tz) : [],
    noContactLine: card.noContact ? `Recorded as no contact by ${card.noContact.byName} at ${localTime(card.noContact.at, tz)}. The safeguarding team has been told.` : '',
    escalationQuestions: ESCALATION_QUESTIONS.map((text) => ({ text })),
    previousDay: previousDayView(card, tz),
    log: card.attempts.map((a) => ({ time: localTime(a.at, tz), text: `${attemptSummary(a)}${a.byName !== card.claim?.byName ? ` (${a.byName})` : ''}` })),
  });
}

/** The previous school day's calls, for a pupil carried over: the claimer picks up where yesterday left off. */
function previousDayView(card: PupilCard, tz: string) {
  const carried = card.carriedOver;
  if (!carried) return { shown: false, heading: '', summary: '', log: [] };
  return {
    shown: true,
    heading: `Day ${carried.day} — still unexplained since ${longDate(carried.since)}`,
    summary: `${longDate(carried.previous.date)}: ${carried.previous.summary}.`,
    log: carried.previous.attempts.map((a) => ({ time: localTime(a.at, tz), text: `${attemptSummary(a)} (${a.byName})` })),
  };
}

export function scriptContext(card: PupilCard, options: Pick<CallingViewOptions, 'school' | 'staffFullName'>): ScriptContext {
  return {
    childName: card.pupil.forename,
    contactName: card.script?.contactName.replace(/ \([^)]*\)$/, '') ?? '',
    schoolName: options.school.name,
    staffName: options.staffFullName,
    notifyBy: options.school.notifyByTime,
  };
}

function scriptView(state: ScriptState, contacts: Contact[], ctx: ScriptContext): ScriptView {
  const step = SCRIPT_STEPS[state.step];
  const given = state.answers[state.step] ?? {};
  const contact = contacts.find((c) => c.contactId === state.contactId);
  return {
    step: step.id,
    title: fill(step.title, ctx),
    onCall: `On the phone with ${state.contactName}`,
    phones: contact ? phoneLinks(contact.phones) : '',
    progress: `Call script, step ${state.trail.length + 1}`,
    say: (step.say ?? []).map((t) => ({ text: `“${fill(t, ctx)}”` })),
    guidance: (step.guidance ?? []).map((t) => ({ text: fill(t, ctx) })),
    reminder: step.reminder ? fill(step.reminder, ctx) : '',
    nextLabel: step.nextLabel,
    canGoBack: state.trail.length > 0,
    inputs: step.inputs.map((input) => ({
      id: input.id,
      kind: input.kind,
      label: fill(input.label, ctx),
      value: given[input.id] ?? (input.kind === 'toggle' ? 'false' : ''),
      placeholder: input.placeholder ?? '',
      // Conditional requirements are checked on the server; the card only enforces the unconditional ones.
      isRequired: input.required === true && input.kind !== 'toggle',
      choices: (input.choices ?? []).map((c) => ({ title: fill(c.title, ctx), value: c.value })),
    })),
  };
}

function emptyScript(): ScriptView {
  return { step: '', title: '', onCall: '', phones: '', progress: '', say: [], guidance: [], reminder: '', nextLabel: '', canGoBack: false, inputs: [] };
}

const GP_ADVICE: Record<string, string> = {
  'not-needed': 'Not needed',
  already: 'Parent had already contacted the GP or 111',
  suggested: 'Suggested the parent contacts the GP or 111',
};

function outcomeFacts(card: PupilCard, tz: string): { title: string; value: string }[] {
  const o = card.outcome!;
  const code = ATTENDANCE_CODES.get(o.suggestedCode.code);
  const facts: [string, string | undefined][] = [
    ['Spoke to', o.contactName],
    ['Reason', o.summary],
    ['Suggested code', `${o.suggestedCode.code}${code ? `: ${code.description}` : ''}. ${o.suggestedCode.note}`],
    ['Arrival time agreed', o.arrivalTime],
    ['Will call back', o.callBackBy],
    ['Will follow up', o.followUpBy],
    ['Will meet on arrival', o.meetBy],
    ['Passed on to', o.passOnTo],
    ['GP or 111', o.gpAdvice ? GP_ADVICE[o.gpAdvice] : undefined],
    ['Tomorrow', o.toldNotifyBy ? `Told to let us know by ${o.notifyBy} if still off` : undefined],
    ['Next steps', o.nextSteps],
    ['Recorded', `${o.byName} at ${localTime(o.at, tz)}`],
  ];
  return facts.filter(([, v]) => v).map(([title, value]) => ({ title, value: value! }));
}

/** Markdown tel: links, "[Mobile 07700 900123](tel:+447700900123)". */
export function phoneLinks(phones: PhoneNumber[]): string {
  return phones.map((p) => `[${p.label[0].toUpperCase()}${p.label.slice(1)} ${p.number}](tel:${telNumber(p.number)})`).join(' · ');
}

/** UK numbers dialled from a phone: national 0 becomes +44; spaces and brackets go. */
export function telNumber(number: string): string {
  const digits = number.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `+44${digits.slice(1)}`;
  return digits;
}

export interface SummaryViewOptions {
  urn: string;
  schoolName: string;
  date: string;
  counts: CardCounts;
  timeZone: string;
  now: Date;
}

export function summaryCard(options: SummaryViewOptions): AdaptiveCard {
  const { counts } = options;
  const totalLine =
    counts.total === 0 ? 'Nobody to call: every absence is explained' : `${counts.total} pupil${counts.total === 1 ? '' : 's'} to call`;
  return renderCard('daily-summary', {
    marker: summaryMarker(options.urn, options.date),
    dateLong: longDate(options.date),
    schoolName: options.schoolName,
    totalLine,
    counts: [
      { label: 'Not claimed', value: String(counts.unclaimed), color: 'Default' },
      { label: 'In progress', value: String(counts.inProgress), color: 'Accent' },
      { label: 'Resolved', value: String(counts.resolved), color: 'Good' },
      { label: 'No contact', value: String(counts.noContact), color: 'Attention' },
      { label: 'Concerns', value: String(counts.concerns), color: 'Warning' },
    ],
    byYear: counts.byYearGroup.map((y) => ({ label: y.label, countText: String(y.count) })),
    footer: counts.total === 0 ? 'There are no cards today.' : 'Each pupil has a card in the replies to this message. Claim a card to ring their contacts.',
    updatedAt: toLocal(options.now, options.timeZone).time,
  });
}

/** The id the shared card's first element carries, whatever its state: how a copy is found in the channel. */
export function cardMarker(card: PupilCard): string {
  return `pupil-card|${cardKey(card)}`;
}

/** Text the summary card carries that identifies it, for finding it in the channel after an in-doubt post. */
export function summaryMarker(urn: string, date: string): string {
  return `Unexplained absences for URN ${urn} on ${date}`;
}

/** The preview shows the list exactly as the daily run hands it over. */
export type PreviewViewOptions = ListToCheck;

export function previewCard(options: PreviewViewOptions): AdaptiveCard {
  const awaiting = options.state === 'awaiting-review';
  const listed = options.pupils.filter((p) => !options.leftOff.includes(p.upn));
  const leftOff = options.pupils.filter((p) => options.leftOff.includes(p.upn));
  const count = awaiting ? options.pupils.length : listed.length;
  return renderCard('list-preview', {
    title: awaiting ? "Check today's list before it is posted" : "Today's list is posted",
    schoolName: options.schoolName,
    dateLong: longDate(options.date),
    totalLine: `${count} pupil${count === 1 ? '' : 's'}`,
    channelName: options.channelName,
    notice: options.notice ?? '',
    awaiting,
    pupils: (awaiting ? options.pupils : listed).map((p) => ({ name: p.name, yearForm: `${yearGroupLabel(p.yearGroup)} · ${p.form}` })),
    pupilChoices: options.pupils.map((p) => ({ title: p.name, value: p.upn })),
    leftOffLine: leftOff.length ? `Left off the list: ${leftOff.map((p) => p.name).join(', ')}` : '',
    statusLine: awaiting ? '' : (options.approvedLine ?? ''),
    postLabel: `Post the list to ${options.channelName}`,
    urn: options.urn,
    date: options.date,
  });
}

export interface LinkViewOptions {
  channelKey: string;
  linked?: { schoolName: string; urn: string; byName: string; at: string; timeZone: string };
  notice?: string;
}

export function linkCard(options: LinkViewOptions): AdaptiveCard {
  const l = options.linked;
  return renderCard('link-channel', {
    title: l ? `This channel is linked to ${l.schoolName}` : 'Link this channel to your school',
    intro: l
      ? `Linked by ${l.byName} at ${toLocal(new Date(l.at), l.timeZone).time} (URN ${l.urn}). Each school day the list of pupils absent without explanation is posted here, one card per pupil.`
      : 'Firstday posts the list of pupils absent without explanation into a channel each school day, one card per pupil for staff to claim and call. An attendance lead links the channel to the school.',
    notice: options.notice ?? '',
    linked: !!l,
    channelKey: options.channelKey,
  });
}
