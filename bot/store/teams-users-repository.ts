import { safeKey } from './channels-repository';
import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

/** What the bot has learnt about a Teams user: the ids Teams needs to address them. */
export interface TeamsUser {
  tenantId?: string;
  aadObjectId: string;
  /** The bot-specific Teams user id (29:...): what `refresh.userIds` and 1:1 chats take. */
  mri: string;
  name: string;
  userPrincipalName?: string;
  /** The bot's 1:1 chat with the user, once created. */
  personalConversationId?: string;
}

/** PartitionKey = tenant, RowKey = Entra object id. */
export class TeamsUsersRepository {
  private readonly table: JsonTable<TeamsUser>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({
      store: options.store,
      table: 'teamsusers',
      keys: (u) => ({ partitionKey: u.tenantId ? safeKey(u.tenantId) : 'no-tenant', rowKey: safeKey(u.aadObjectId.toLowerCase()) }),
    });
  }

  get(tenantId: string | undefined, aadObjectId: string): Promise<Stored<TeamsUser> | undefined> {
    return this.table.get(tenantId ? safeKey(tenantId) : 'no-tenant', safeKey(aadObjectId.toLowerCase()));
  }

  /** Merges what was learnt; unchanged records are not written again. */
  async remember(user: TeamsUser): Promise<TeamsUser> {
    const stored = await this.table.update(user.tenantId ? safeKey(user.tenantId) : 'no-tenant', safeKey(user.aadObjectId.toLowerCase()), (current) => {
      const merged = { ...current, ...Object.fromEntries(Object.entries(user).filter(([, v]) => v !== undefined)) } as TeamsUser;
      return current && JSON.stringify(current) === JSON.stringify(merged) ? undefined : merged;
    });
    return stored?.value ?? user;
  }
}
