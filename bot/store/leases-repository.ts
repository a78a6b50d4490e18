/**
 * Leases in Table Storage: which server instance may act for a school for a while. A lease is a row
 * guarded by its ETag, so of two instances racing for it exactly one wins; a holder that dies simply
 * stops renewing and the lease can be taken over once it has expired.
 *
 * PartitionKey = URN, RowKey = lease name (e.g. "school-day").
 */
import { JsonTable } from './json-table';
import { AlreadyExistsError, ConcurrencyError } from './errors';
import type { TableStore } from './table-store';

export interface Lease {
  urn: string;
  name: string;
  /** Who holds it: a server instance's id. */
  holder: string;
  /** ISO instants. */
  acquiredAt: string;
  expiresAt: string;
}

/** A lease this caller holds, with the ETag that proves it. */
export interface HeldLease {
  lease: Lease;
  etag: string;
}

export interface LeaseKey {
  urn: string;
  name: string;
}

export class LeasesRepository {
  private readonly table: JsonTable<Lease>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable<Lease>({ store: options.store, table: 'leases', keys: (l) => ({ partitionKey: l.urn, rowKey: l.name }) });
  }

  async get(key: LeaseKey): Promise<Lease | undefined> {
    return (await this.table.get(key.urn, key.name))?.value;
  }

  /**
   * Takes the lease if it is free, expired, or already this holder's (then it is renewed).
   * Returns undefined when someone else holds it, or won a race for it just now.
   */
  async acquire(key: LeaseKey, holder: string, ttlMs: number, now: Date = new Date()): Promise<HeldLease | undefined> {
    const current = await this.table.get(key.urn, key.name);
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    try {
      if (!current) {
        const lease: Lease = { ...key, holder, acquiredAt: now.toISOString(), expiresAt };
        return { lease, etag: await this.table.insert(lease) };
      }
      const mine = current.value.holder === holder;
      if (!mine && Date.parse(current.value.expiresAt) > now.getTime()) return undefined;
      const lease: Lease = { ...key, holder, acquiredAt: mine ? current.value.acquiredAt : now.toISOString(), expiresAt };
      return { lease, etag: await this.table.replace(lease, current.etag) };
    } catch (err) {
      if (err instanceof AlreadyExistsError || err instanceof ConcurrencyError) return undefined;
      throw err;
    }
  }

  /** Extends a held lease. Returns undefined when it was lost (taken over after it expired). */
  async renew(held: HeldLease, ttlMs: number, now: Date = new Date()): Promise<HeldLease | undefined> {
    const lease: Lease = { ...held.lease, expiresAt: new Date(now.getTime() + ttlMs).toISOString() };
    try {
      return { lease, etag: await this.table.replace(lease, held.etag) };
    } catch (err) {
      if (err instanceof ConcurrencyError) return undefined;
      throw err;
    }
  }

  /** Gives the lease up so another instance need not wait for it to expire. A lease already lost is left alone. */
  async release(held: HeldLease): Promise<void> {
    try {
      await this.table.delete(held.lease.urn, held.lease.name, held.etag);
    } catch (err) {
      if (!(err instanceof ConcurrencyError)) throw err;
    }
  }
}
