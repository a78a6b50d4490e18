/**
 * The in-doubt window: a send Teams accepted but whose message id was never recorded (the process died
 * between the two). The Bot Connector cannot list a channel's messages, but Microsoft Graph can, with the
 * app's resource-specific consent (ChannelMessage.Read.Group): look for the message before sending again.
 */
import type { TokenSource } from './connector-client';

export interface ChannelRef {
  /** The team's Entra group id (Graph's team id). */
  teamAadGroupId?: string;
  /** The channel's id (19:...@thread.tacv2). */
  conversationId: string;
}

export interface PostedMessageFinder {
  /** A reply in the thread of `parentId` whose card contains `marker`. */
  findReply(channel: ChannelRef, parentId: string, marker: string): Promise<string | undefined>;
  /** A top-level message in the channel whose card contains `marker`. */
  findMessage(channel: ChannelRef, marker: string): Promise<string | undefined>;
}

interface ChatMessage {
  id: string;
  attachments?: { contentType?: string; content?: string | null }[];
}

/** Lists channel messages through Graph (GET /teams/{id}/channels/{id}/messages[/{id}/replies]). */
export class GraphPostedMessageFinder implements PostedMessageFinder {
  constructor(private readonly options: { baseUrl: string; token: TokenSource; maxPages?: number }) {}

  async findReply(channel: ChannelRef, parentId: string, marker: string): Promise<string | undefined> {
    if (!channel.teamAadGroupId) return undefined;
    return this.search(`${this.channelPath(channel)}/messages/${encodeURIComponent(parentId)}/replies?$top=50`, marker);
  }

  async findMessage(channel: ChannelRef, marker: string): Promise<string | undefined> {
    if (!channel.teamAadGroupId) return undefined;
    return this.search(`${this.channelPath(channel)}/messages?$top=50`, marker);
  }

  private channelPath(channel: ChannelRef): string {
    return `${this.options.baseUrl}/v1.0/teams/${encodeURIComponent(channel.teamAadGroupId!)}/channels/${encodeURIComponent(channel.conversationId.split(';')[0])}`;
  }

  private async search(firstUrl: string, marker: string): Promise<string | undefined> {
    const token = await this.options.token();
    let url: string | undefined = firstUrl;
    for (let page = 0; url && page < (this.options.maxPages ?? 10); page++) {
      const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(15_000) });
      if (!res.ok) throw new Error(`Graph answered ${res.status} listing channel messages`);
      const body = (await res.json()) as { value: ChatMessage[]; '@odata.nextLink'?: string };
      const found = body.value.find((m) => (m.attachments ?? []).some((a) => typeof a.content === 'string' && a.content.includes(marker)));
      if (found) return found.id;
      url = body['@odata.nextLink'];
    }
    return undefined;
  }
}
