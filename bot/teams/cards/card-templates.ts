/**
 * Every Adaptive Card the bot sends is one of these templates (one JSON file each, in this folder), expanded
 * with adaptivecards-templating from data of the shape named beside it. The schema and version live in the
 * templates only; the builders (card-views, escalation-cards, ...) work out what a card says, never its layout.
 */
import { Template } from 'adaptivecards-templating';
import callBack from './call-back.json';
import dailySummary from './daily-summary.json';
import endOfDay from './end-of-day.json';
import escalationClaimer from './escalation-claimer.json';
import escalationDecision from './escalation-decision.json';
import homeVisit from './home-visit.json';
import linkChannel from './link-channel.json';
import listPreview from './list-preview.json';
import pupilCalling from './pupil-calling.json';
import pupilCard from './pupil-card.json';
import safeguardingConcern from './safeguarding-concern.json';

/** An expanded card, as it goes into a message or an invoke reply. */
export type AdaptiveCard = Record<string, unknown>;

export interface Choice {
  title: string;
  value: string;
}

export interface Fact {
  title: string;
  value: string;
}

/** A line of a call log: the local time and what happened. */
export interface LogLine {
  time: string;
  text: string;
}

/** The card everyone in the pupil's channel thread sees. */
export interface PupilCardData {
  key: string;
  /** The first element's id, whatever the card's state: how a copy is found in the channel. */
  marker: string;
  name: string;
  yearForm: string;
  sessionLine: string;
  priority: boolean;
  statusLine: string;
  statusColor: string;
  notice: string;
  carryLine: string;
  readOnlyNote: string;
  refreshUserIds: string[];
  canClaim: boolean;
  canOpen: boolean;
  canOfferReassign: boolean;
  showReassign: boolean;
  staffChoices: Choice[];
  caseUrl: string;
}

export interface CallingContactView {
  heading: string;
  detail: string;
  phones: string;
  caution: string;
  progress: string;
}

export interface ScriptInputView {
  id: string;
  kind: 'text' | 'long-text' | 'time' | 'choice' | 'toggle';
  label: string;
  value: string;
  placeholder: string;
  isRequired: boolean;
  choices: Choice[];
}

export interface ScriptView {
  step: string;
  title: string;
  onCall: string;
  phones: string;
  progress: string;
  say: { text: string }[];
  guidance: { text: string }[];
  reminder: string;
  nextLabel: string;
  canGoBack: boolean;
  inputs: ScriptInputView[];
}

/** The claimer's own calling view: contacts, the call log, the script, the concern form. */
export interface PupilCallingData {
  key: string;
  name: string;
  yearForm: string;
  priority: boolean;
  headline: string;
  notice: string;
  overseas: boolean;
  refreshUserIds: string[];
  isCalling: boolean;
  isScript: boolean;
  isConcern: boolean;
  isResolved: boolean;
  isNoContact: boolean;
  roundLine: string;
  contacts: CallingContactView[];
  contactChoices: Choice[];
  nextContactId: string;
  outcomeChoices: Choice[];
  canRecordNoContact: boolean;
  noContactHint: string;
  attemptId: string;
  concernId: string;
  concernFrom: string;
  script: ScriptView;
  outcomeFacts: Fact[];
  noContactLine: string;
  escalationQuestions: { text: string }[];
  previousDay: { shown: boolean; heading: string; summary: string; log: LogLine[] };
  log: LogLine[];
}

/** The day's summary at the top of the channel thread. */
export interface DailySummaryData {
  /** Its fallback text: how the summary is found in the channel after a send in doubt. */
  marker: string;
  dateLong: string;
  schoolName: string;
  totalLine: string;
  counts: { label: string; value: string; color: string }[];
  byYear: { label: string; countText: string }[];
  footer: string;
  updatedAt: string;
}

/** The officer's check of the day's list before it is posted. */
export interface ListPreviewData {
  title: string;
  schoolName: string;
  dateLong: string;
  totalLine: string;
  channelName: string;
  notice: string;
  awaiting: boolean;
  pupils: { name: string; yearForm: string }[];
  pupilChoices: Choice[];
  leftOffLine: string;
  statusLine: string;
  postLabel: string;
  urn: string;
  date: string;
}

export interface LinkChannelData {
  title: string;
  intro: string;
  notice: string;
  linked: boolean;
  channelKey: string;
}

/** The end-of-day counts for the pastoral channel. */
export interface EndOfDayData {
  dateLong: string;
  schoolName: string;
  unexplained: number;
  resolved: number;
  /** Resolved calls by the reason heard. */
  resolvedBy: { label: string; count: number }[];
  stillOpen: number;
  noContact: number;
  concernsRaised: number;
  concernsAcknowledged: number;
  homeVisits: number;
  /** Some pupils are still unexplained: they stay with the attendance officer. */
  carriesOver: boolean;
}

/** Where a press in a 1:1 chat points: the pupil's card of that day. */
export interface CardWhere {
  urn: string;
  date: string;
  upn: string;
}

/** The call-back task in a named member of staff's 1:1 chat. */
export interface CallBackData {
  name: string;
  subtitle: string;
  reminder: boolean;
  notice: string;
  /** What the call recorded, when it recorded an outcome. */
  call: { recorded: boolean; by: string; spokeTo: string; said: string; nextSteps: string };
  /** Set once someone has called back; the card then offers nothing to press. */
  doneLine: string;
  where: CardWhere;
}

/** A safeguarding concern in a DSL's 1:1 chat. */
export interface SafeguardingConcernData {
  name: string;
  subtitle: string;
  againLine: string;
  raisedBy: string;
  raisedAt: string;
  /** What the member of staff was doing: "first-day calling", a step of the call script. */
  during: string;
  text: string;
  /** Set once a DSL has acknowledged it; the card then offers nothing to press. */
  acknowledgedLine: string;
  notice: string;
  urn: string;
  concernId: string;
}

/** The top of the cards after no contact. */
interface EscalationHeading {
  name: string;
  /** School, year, form and the day of the list. */
  subtitle: string;
  notice: string;
  /** What has been recorded so far. */
  facts: Fact[];
}

/** The claimer's view after no contact, in the pupil's thread. */
export interface EscalationClaimerData extends EscalationHeading {
  key: string;
  /** An overseas ringtone was heard: a children-missing-education check may be needed. */
  mayBeAbroad: boolean;
  /** The safeguarding team's questions, not yet answered. */
  askAnswers: boolean;
  agencyChoices: Choice[];
  /** Set when a social or YOT worker has yet to be told: "Tell Amy's social worker ...". */
  tellWorkerLine: string;
  closingLine: string;
}

/** The DSL's decision card, in their 1:1 chat. */
export interface EscalationDecisionData extends EscalationHeading {
  /** Set on the prompt sent when 24 hours have passed without contact. */
  dayPromptLine: string;
  unansweredLine: string;
  workerNotTold: boolean;
  mayBeAbroad: boolean;
  deciding: boolean;
  visitors: Choice[];
  recordVisit: boolean;
  visitOutcomes: Choice[];
  where: CardWhere;
}

/** The home visitor's task, in their 1:1 chat. */
export interface HomeVisitData extends EscalationHeading {
  /** Who asked for the visit. */
  askedLine: string;
  recordVisit: boolean;
  visitOutcomes: Choice[];
  where: CardWhere;
}

/** Each template by its file name, with the shape of the data it is expanded from. */
export interface CardTemplates {
  'call-back': CallBackData;
  'daily-summary': DailySummaryData;
  'end-of-day': EndOfDayData;
  'escalation-claimer': EscalationClaimerData;
  'escalation-decision': EscalationDecisionData;
  'home-visit': HomeVisitData;
  'link-channel': LinkChannelData;
  'list-preview': ListPreviewData;
  'pupil-calling': PupilCallingData;
  'pupil-card': PupilCardData;
  'safeguarding-concern': SafeguardingConcernData;
}

export type CardTemplateName = keyof CardTemplates;

const TEMPLATES: Record<CardTemplateName, object> = {
  'call-back': callBack,
  'daily-summary': dailySummary,
  'end-of-day': endOfDay,
  'escalation-claimer': escalationClaimer,
  'escalation-decision': escalationDecision,
  'home-visit': homeVisit,
  'link-channel': linkChannel,
  'list-preview': listPreview,
  'pupil-calling': pupilCalling,
  'pupil-card': pupilCard,
  'safeguarding-concern': safeguardingConcern,
};

export const CARD_TEMPLATE_NAMES = Object.keys(TEMPLATES) as CardTemplateName[];

// Parsing a template's expressions is most of the cost of a card: each template is parsed once per process.
const parsed = new Map<CardTemplateName, Template>();

/** Expands a template; properties left empty by a `$when` are dropped. */
export function renderCard<N extends CardTemplateName>(name: N, data: CardTemplates[N]): AdaptiveCard {
  let template = parsed.get(name);
  if (!template) {
    template = new Template(TEMPLATES[name]);
    parsed.set(name, template);
  }
  return dropNulls(template.expand({ $root: data })) as AdaptiveCard;
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(dropNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, dropNulls(v)]));
  }
  return value;
}
