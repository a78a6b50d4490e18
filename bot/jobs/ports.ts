/**
 * What the school-day jobs ask of the world beyond storage, named for what a job needs ("post the day's list",
 * "tell a person", "tell the DSLs"), not for how it is done. bot/teams implements them and the wiring
 * (bot/server.ts) hands the implementations in. A job hands over records and words; how they look in Teams
 * (cards, addresses, 1:1 chats) is Teams' business, so the jobs import nothing from bot/teams, which imports
 * them.
 */
import type { Concern } from '../domain/concern';
import type { EndOfDaySummary } from '../domain/end-of-day';
import type { CardChange, CardPosting, PupilCard } from '../domain/pupil-card';
import type { School, StaffMember, StaffRole } from '../domain/school';
import type { SchoolChannel } from '../store/channels-repository';
import type { DailyRunRecord, ListPreview } from '../store/daily-runs-repository';

/** Who asked, for the audit log: a person, or Firstday's scheduler or reminders. */
export interface Requester {
  id: string;
  name: string;
  /** "cli", "api", "bot", "scheduler". */
  source: string;
}

/** A message in Teams as the records keep it: its id, and where it is so that it can be updated. */
export interface PostedMessage {
  activityId: string;
  where: NonNullable<CardPosting['where']>;
}

/**
 * The day's list in the school's channel: the summary, whose message starts the day's thread, then one card
 * per pupil in that thread.
 */
export interface ListChannel {
  postSummary(school: School, channel: SchoolChannel, date: string): Promise<PostedMessage>;
  postPupilCard(school: School, channel: SchoolChannel, summaryId: string, card: PupilCard, today: string): Promise<PostedMessage>;
  /**
   * A summary whose post was in doubt (the poster stopped between Teams taking it and the record of it), if it is
   * in the channel; undefined if it is not or nobody can look (then it is posted again). Throws if the look fails.
   */
  findSummary(school: School, channel: SchoolChannel, date: string): Promise<PostedMessage | undefined>;
  /** The same for a pupil's card in the day's thread. */
  findPupilCard(channel: SchoolChannel, summaryId: string, card: PupilCard): Promise<PostedMessage | undefined>;
  /** The summary's counts brought into step with the cards. */
  refreshSummary(urn: string, date: string): Promise<void>;
}

/** The day's list as the attendance officer checks it before it is posted (and sees it once it is). */
export interface ListToCheck {
  urn: string;
  schoolName: string;
  date: string;
  channelName: string;
  pupils: { upn: string; name: string; yearGroup: number; form: string }[];
  leftOff: string[];
  state: DailyRunRecord['state'];
  /** Who posted it and when, once they have. */
  approvedLine?: string;
  /** A line for the person who pressed. */
  notice?: string;
}

/** What the attendance officers are sent: the list to check, or a few words (the register has not arrived). */
export type OfficerMessage = { list: ListToCheck } | { text: string };

/** Where the attendance officers hear about the day's list: their 1:1 chats, or the pastoral channel. */
export interface OfficerChats {
  /** To one officer in their 1:1 chat with the bot (opened if there is none). Throws if they cannot be reached. */
  send(channel: SchoolChannel, officer: StaffMember & { aadObjectId: string }, message: OfficerMessage): Promise<ListPreview>;
  /** Into the pastoral channel itself, when no officer could be reached (only an officer or lead can press Post there). */
  sendToChannel(channel: SchoolChannel, message: OfficerMessage): Promise<ListPreview>;
  /** A list to check already sent, shown as it now stands. */
  update(channel: SchoolChannel, sent: ListPreview & { activityId: string }, list: ListToCheck): Promise<void>;
}

/** A message that reached someone: their 1:1 chat and the message's id. */
export interface Told {
  conversationId: string;
  activityId: string;
}

/** Members of staff, each in their own 1:1 chat with the bot. */
export interface StaffMessages {
  /** Tells one person. Throws if the school has no channel or they cannot be reached. */
  tell(urn: string, staff: StaffMember, text: string): Promise<Told>;
  /** Tells each; those who cannot be reached are logged and left out of the answer. */
  tellEach(urn: string, staff: StaffMember[], text: string): Promise<{ staff: StaffMember; told: Told }[]>;
}

/** A call-back promised by a named member of staff. */
export interface CallBacks {
  /** Its owner gets it as a task they can act on, or (`reminder`) is reminded of it once it is due. Throws if they cannot be reached. */
  send(school: School, owner: StaffMember, card: PupilCard, reminder: boolean): Promise<Told>;
}

/** The school's pastoral channel, for what everyone in it may see. */
export interface ChannelMessages {
  /** A few words in the channel; the message's id. */
  say(channel: SchoolChannel, text: string): Promise<string>;
  /** How the day's list ended (counts only); the message's id. */
  postEndOfDay(channel: SchoolChannel, schoolName: string, summary: EndOfDaySummary): Promise<string>;
}

export type CardApplied = { ok: true; card: PupilCard; changed: boolean } | { ok: false; problem: string; card?: PupilCard };

/** A change to a pupil's card, decided afresh on a clash and written under its ETag; what staff see follows it. */
export interface PupilCardChanges {
  apply(urn: string, date: string, upn: string, by: Requester, step: (card: PupilCard) => CardChange): Promise<CardApplied>;
}

/** The 24-hour no-contact prompts. */
export interface NoContactPrompts {
  /** Returns how many were sent. */
  dayPrompts(school: School, now: Date): Promise<number>;
}

/** The designated safeguarding leads. */
export interface ConcernAlerts {
  /** A concern nobody acknowledged in time, raised again to the deputies and the attendance lead. */
  raiseAgain(school: School, concern: Concern): Promise<void>;
}

/** The team's members matched to the school's staff list. */
export interface StaffRoster {
  syncSchool(urn: string): Promise<unknown>;
}

/** Who holds a role at a school: the staff list's holders plus the role's Entra group. */
export interface RoleHolders {
  withRole(school: School, role: StaffRole): Promise<StaffMember[]>;
}
