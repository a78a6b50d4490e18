import { AlreadyExistsError, ConcurrencyError } from './errors';
import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

/** Where the bot can post in Teams: what a conversation reference must hold, without botbuilder's types. */
export interface ChannelAddress {
  serviceUrl: string;
  /** The channel's conversation id (19:...@thread.tacv2). */
  conversationId: string;
  tenantId?: string;
  /** The bot's own id in the conversation (28:...). */
  botId: string;
  botName?: string;
  /** Teams team id (the General channel's id) and the team's Entra group id (for Graph). */
  teamId?: string;
  teamAadGroupId?: string;
  teamName?: string;
  channelName?: string;
}

/** A channel the app has been added to or heard from; `linkedUrn` once an attendance lead links it. */
export interface TeamChannel extends ChannelAddress {
  firstSeenAt: string;
  linkedUrn?: string;
}

/** A school's pastoral channel, where the daily list is posted. */
export interface SchoolChannel extends ChannelAddress {
  urn: string;
  linkedAt: string;
  linkedById: string;
  linkedByName: string;
}

/**
 * Channels by tenant (PartitionKey = tenant, RowKey = conversation id: looked up on every activity), and each
 * school's linked channel (PartitionKey = URN, RowKey = "pastoral").
 */
export class ChannelsRepository {
  private readonly channels: JsonTable<TeamChannel>;
  private readonly schools: JsonTable<SchoolChannel>;

  constructor(options: { store: TableStore }) {
    this.channels = new JsonTable({
      store: options.store,
      table: 'teamchannels',
      keys: (c) => ({ partitionKey: tenantKey(c.tenantId), rowKey: safeKey(c.conversationId) }),
    });
    this.schools = new JsonTable({ store: options.store, table: 'schoolchannels', keys: (c) => ({ partitionKey: c.urn, rowKey: 'pastoral' }) });
  }

  getChannel(tenantId: string | undefined, conversationId: string): Promise<Stored<TeamChannel> | undefined> {
    return this.channels.get(tenantKey(tenantId), safeKey(channelOf(conversationId)));
  }

  /** Keeps the channel's address; an existing record keeps its link and first-seen time. Returns what is stored. */
  async recordChannel(address: ChannelAddress, now: Date): Promise<{ channel: TeamChannel; created: boolean }> {
    const conversationId = channelOf(address.conversationId);
    for (;;) {
      const existing = await this.getChannel(address.tenantId, conversationId);
      if (existing) {
        const merged: TeamChannel = { ...existing.value, ...addressOf(address), conversationId };
        if (JSON.stringify(merged) === JSON.stringify(existing.value)) return { channel: existing.value, created: false };
        try {
          await this.channels.replace(merged, existing.etag);
          return { channel: merged, created: false };
        } catch (err) {
          if (err instanceof ConcurrencyError) continue;
          throw err;
        }
      }
      const created: TeamChannel = { ...addressOf(address), conversationId, firstSeenAt: now.toISOString() };
      try {
        await this.channels.insert(created);
        return { channel: created, created: true };
      } catch (err) {
        if (!(err instanceof AlreadyExistsError)) throw err;
      }
    }
  }

  forSchool(urn: string): Promise<Stored<SchoolChannel> | undefined> {
    return this.schools.get(urn, 'pastoral');
  }

  /**
   * Links a channel to a school. A channel serves one school; a school has one pastoral channel, so linking
   * a new one moves the school there. Returns the channel's previous school, if it had a different one.
   */
  async link(link: SchoolChannel): Promise<{ ok: true } | { ok: false; linkedUrn: string }> {
    const channel = await this.getChannel(link.tenantId, link.conversationId);
    if (channel?.value.linkedUrn && channel.value.linkedUrn !== link.urn) return { ok: false, linkedUrn: channel.value.linkedUrn };
    const previous = await this.forSchool(link.urn);
    await this.schools.upsert(link);
    await this.channels.update(tenantKey(link.tenantId), safeKey(link.conversationId), (c) => ({
      ...(c ?? { firstSeenAt: link.linkedAt }),
      ...addressOf(link),
      linkedUrn: link.urn,
    }));
    if (previous && previous.value.conversationId !== link.conversationId) {
      await this.channels.update(tenantKey(previous.value.tenantId), safeKey(previous.value.conversationId), (c) => {
        if (!c || c.linkedUrn !== link.urn) return undefined;
        const { linkedUrn: _gone, ...rest } = c;
        return rest;
      });
    }
    return { ok: true };
  }
}

/** A channel thread's id ("19:x@thread.tacv2;messageid=123") is the channel's id with the thread appended. */
export function channelOf(conversationId: string): string {
  return conversationId.split(';')[0];
}

function tenantKey(tenantId: string | undefined): string {
  return tenantId ? safeKey(tenantId) : 'no-tenant';
}

/** Table Storage keys may not hold / \ # ? or control characters. */
export function safeKey(value: string): string {
  return encodeURIComponent(value);
}

export function addressOf(c: ChannelAddress): ChannelAddress {
  const { serviceUrl, conversationId, tenantId, botId, botName, teamId, teamAadGroupId, teamName, channelName } = c;
  return definedOnly({ serviceUrl, conversationId, tenantId, botId, botName, teamId, teamAadGroupId, teamName, channelName }) as ChannelAddress;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
