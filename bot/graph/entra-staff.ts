/**
 * Staff as Entra knows them: a UPN from the school's staff list resolved to the Entra object id and
 * display name that mentions (`<at>` + msteams.entities), 1:1 chats and activity notifications need.
 */
import type { GraphApi } from './graph-api';
import { GraphCallError } from './graph-call-error';
import { TtlCache } from './ttl-cache';

export interface DirectoryUser {
  /** Entra object id. */
  id: string;
  displayName: string;
  userPrincipalName: string;
}

export interface StaffDirectoryOptions {
  graph: GraphApi;
  /** How long a resolved user is trusted, in milliseconds. Default 10 minutes: names and ids rarely change. */
  cacheTtlMs?: number;
  now?: () => number;
}

export class StaffDirectory {
  private readonly cache: TtlCache<DirectoryUser>;

  constructor(private readonly options: StaffDirectoryOptions) {
    this.cache = new TtlCache({ ttlMs: options.cacheTtlMs ?? 10 * 60_000, now: options.now });
  }

  /**
   * The user with this UPN. Throws GraphCallError: reason 'not-found' when the tenant has no such user,
   * 'unreachable' / 'throttled' / 'server-error' when Graph cannot answer (use school.staff instead).
   */
  resolve(upn: string): Promise<DirectoryUser> {
    const trimmed = upn.trim();
    if (!/^[^@\s/]+@[^@\s/]+$/.test(trimmed)) {
      return Promise.reject(new GraphCallError('resolve staff', 'rejected', undefined, 'InvalidUpn', `"${upn}" is not a user principal name (name@domain)`));
    }
    return this.cache.get(trimmed.toLowerCase(), async () => {
      const user = await this.options.graph.get<DirectoryUser>(
        `/users/${encodeURIComponent(trimmed)}?$select=id,displayName,userPrincipalName`,
        'resolve staff',
      );
      return { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName };
    });
  }
}
