import type { Contact } from '../domain/pupil';
import { contactsInCallOrder } from '../domain/pupil';
import { JsonTable } from './json-table';
import type { TableStore } from './table-store';

/** PartitionKey = URN, RowKey = UPN|contactId: a pupil's contacts are one range read. */
export class ContactsRepository {
  readonly table: JsonTable<Contact & { urn: string }>;

  constructor(options: { store: TableStore }) {
    this.table = new JsonTable({
      store: options.store,
      table: 'contacts',
      keys: (c) => ({ partitionKey: c.urn, rowKey: `${c.pupilUpn}|${c.contactId}` }),
    });
  }

  /** A pupil's contacts in the order they are rung. */
  async forPupil(urn: string, upn: string): Promise<Contact[]> {
    return contactsInCallOrder((await this.table.list(urn, `${upn}|`)).map((c) => strip(c.value)));
  }

  async list(urn: string): Promise<Contact[]> {
    return (await this.table.list(urn)).map((c) => strip(c.value));
  }

  upsertMany(urn: string, contacts: Contact[]): Promise<void> {
    return this.table.upsertMany(contacts.map((c) => ({ ...c, urn })));
  }
}

function strip(c: Contact & { urn?: string }): Contact {
  const { urn: _urn, ...contact } = c;
  return contact;
}
