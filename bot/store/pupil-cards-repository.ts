import type { PupilCard } from '../domain/pupil-card';
import { AlreadyExistsError } from './errors';
import { JsonTable, type Stored } from './json-table';
import type { TableStore } from './table-store';

/**
 * Each pupil's card on a day's list: claim, calls, script and posting state in one record, so one ETag
 * decides between two presses at once. PartitionKey = URN|date (a day's list is one partition), RowKey = UPN.
 */
export class PupilCardsRepository {
  private readonly table: JsonTable<PupilCard>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({ store: options.store, table: 'pupilcards', keys: (c) => ({ partitionKey: `${c.urn}|${c.date}`, rowKey: c.pupil.upn }) });
  }

  get(urn: string, date: string, upn: string): Promise<Stored<PupilCard> | undefined> {
    return this.table.get(`${urn}|${date}`, upn);
  }

  list(urn: string, date: string): Promise<Stored<PupilCard>[]> {
    return this.table.list(`${urn}|${date}`);
  }

  /** Adds a card unless the pupil already has one that day; returns whether it was added. */
  async insertIfAbsent(card: PupilCard): Promise<boolean> {
    try {
      await this.table.insert(card);
      return true;
    } catch (err) {
      if (err instanceof AlreadyExistsError) return false;
      throw err;
    }
  }

  replace(card: PupilCard, etag: string): Promise<string> {
    return this.table.replace(card, etag);
  }
}
