/**
 * Teams-shaped activities, as Teams posts them to a bot's /api/messages: the app added to a team, people
 * joining it, a message
 * in a channel, and the `adaptiveCard/action` invoke of a card press.
 */
import { createHash } from 'node:crypto';
import { TENANT, type TeamsPerson } from './calling-school';

export const BOT = { id: '28:firstday-bot', name: 'Firstday' };

export interface TeamRef {
  /** The team's id, which is also its General channel's conversation id. */
  id: string;
  aadGroupId: string;
  name: string;
}

export function teamFor(key: string): TeamRef {
  return { id: `19:general-${key}@thread.tacv2`, aadGroupId: `00000000-0000-4000-9000-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`, name: `Staff ${key}` };
}

export function pastoralChannel(team: TeamRef): string {
  return team.id.replace('general', 'pastoral');
}

let sequence = 0;
const nextId = () => `act-${Date.now()}-${sequence++}`;

function base(serviceUrl: string, from: TeamsPerson | typeof BOT, conversationId: string, team: TeamRef, channelName?: string) {
  return {
    id: nextId(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: 'mri' in from ? { id: from.mri, name: from.name, aadObjectId: from.aadObjectId } : from,
    recipient: BOT,
    conversation: { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: {
      tenant: { id: TENANT },
      team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId },
      channel: { id: conversationId.split(';')[0], ...(channelName ? { name: channelName } : {}) },
    },
  };
}

/** The app added to a team: Teams tells the bot in the General channel. */
export function addedToTeam(serviceUrl: string, team: TeamRef, by: TeamsPerson) {
  return {
    ...base(serviceUrl, by, team.id, team),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
    channelData: { ...base(serviceUrl, by, team.id, team).channelData, eventType: 'teamMemberAdded' },
  };
}

/** People joining a team the app is in: Teams tells the bot with their Teams and Entra ids (no UPN). */
export function membersAddedToTeam(serviceUrl: string, team: TeamRef, by: TeamsPerson, added: TeamsPerson[]) {
  const b = base(serviceUrl, by, team.id, team);
  return {
    ...b,
    type: 'conversationUpdate',
    membersAdded: added.map((p) => ({ id: p.mri, aadObjectId: p.aadObjectId })),
    channelData: { ...b.channelData, eventType: 'teamMemberAdded' },
  };
}

/** "@Firstday link" in a channel: starts a thread in it. */
export function channelMessage(serviceUrl: string, team: TeamRef, channelId: string, from: TeamsPerson, text: string, channelName = 'Pastoral') {
  const id = `${Date.now()}${sequence++}`;
  return {
    ...base(serviceUrl, from, `${channelId};messageid=${id}`, team, channelName),
    id,
    type: 'message',
    text: `<at>Firstday</at> ${text}`,
    entities: [{ type: 'mention', text: '<at>Firstday</at>', mentioned: BOT }],
  };
}

export interface Press {
  serviceUrl: string;
  team: TeamRef;
  /** Where the card is: the conversation (thread) and its message id. */
  conversationId: string;
  activityId: string;
  from: TeamsPerson;
  verb: string;
  data: Record<string, unknown>;
  trigger?: 'manual' | 'automatic';
  personal?: boolean;
}

/** A card press: Action.Execute arrives as an invoke named adaptiveCard/action. */
export function cardPress(p: Press) {
  const activity = {
    ...base(p.serviceUrl, p.from, p.conversationId, p.team, 'Pastoral'),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: p.activityId,
    value: { action: { type: 'Action.Execute', id: '', verb: p.verb, data: p.data }, trigger: p.trigger ?? 'manual' },
  };
  if (p.personal) {
    return { ...activity, conversation: { id: p.conversationId, conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } } };
  }
  return activity;
}

export interface InvokeReply {
  status: number;
  body: { statusCode: number; type: string; value: any };
}

export async function postActivity(botUrl: string, activity: object): Promise<InvokeReply> {
  const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
