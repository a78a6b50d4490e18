/**
 * Support First cases. One table, partitioned by school: the case header at RowKey "case|<UPN>" and each
 * item (meeting, voice, carer, checklist confirmation, note...) at "item|<UPN>|<kind>|<id>". A case's
 * header and items share a partition so that every change is one transaction that also replaces the
 * header under its ETag: two changes to one case never interleave, and a referral checked against the
 * checklist is written only if nothing changed since the check.
 */
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { settleCase } from '../domain/cases/case-plan';
import { CASE_ITEM_KINDS, emptyItems, type CaseItem, type CaseItemKind, type CaseItems } from '../domain/cases/case-items';
import type { SupportCase } from '../domain/cases/support-case';
import { AlreadyExistsError, ConcurrencyError, statusOf } from './errors';
import { escape, MAX_BATCH } from './json-table';
import type { TableStore } from './table-store';

/** Table Storage keeps a string property to 64 KiB (32K UTF-16 characters); stay under it with room. */
const MAX_JSON_CHARS = 30_000;

export interface LoadedCase {
  case: SupportCase;
  etag: string;
  items: CaseItems;
  /** ETag of each item, keyed by `${kind}|${id}`. */
  itemEtags: Map<string, string>;
}

export interface CaseWrite {
  /** The header after the change; the repository recomputes its plan and revision. */
  header: SupportCase;
  /** Items added or replaced. */
  put?: CaseItem[];
  /** Items removed. */
  remove?: { kind: CaseItemKind; id: string }[];
}

type Row = { partitionKey: string; rowKey: string; json: string; kind?: string };

export function itemKey(kind: CaseItemKind, id: string): string {
  return `${kind}|${id}`;
}

export class CasesRepository {
  constructor(private readonly options: { store: TableStore }) {}

  /** Every case of a school (headers only), for the list. */
  async list(urn: string): Promise<{ case: SupportCase; etag: string }[]> {
    const client = await this.client();
    const filter = `PartitionKey eq '${escape(urn)}' and RowKey ge 'case|' and RowKey lt 'case|\uffff'`;
    const out: { case: SupportCase; etag: string }[] = [];
    for await (const row of client.listEntities<Row>({ queryOptions: { filter, select: ['json'] } })) {
      out.push({ case: JSON.parse(row.json) as SupportCase, etag: row.etag });
    }
    return out;
  }

  async getHeader(urn: string, upn: string): Promise<{ case: SupportCase; etag: string } | undefined> {
    const client = await this.client();
    try {
      const row = await client.getEntity<Row>(urn, headerKey(upn));
      return { case: JSON.parse(row.json) as SupportCase, etag: row.etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /** The case with every item, or undefined when the pupil has no case. */
  async load(urn: string, upn: string): Promise<LoadedCase | undefined> {
    const client = await this.client();
    const filter = `PartitionKey eq '${escape(urn)}' and ((RowKey eq '${escape(headerKey(upn))}') or (RowKey ge '${escape(itemPrefix(upn))}' and RowKey lt '${escape(itemPrefix(upn))}\uffff'))`;
    let header: { case: SupportCase; etag: string } | undefined;
    const items = emptyItems();
    const itemEtags = new Map<string, string>();
    for await (const row of client.listEntities<Row>({ queryOptions: { filter } })) {
      if (row.rowKey === headerKey(upn)) {
        header = { case: JSON.parse(row.json) as SupportCase, etag: row.etag };
        continue;
      }
      const kind = row.kind as CaseItemKind;
      if (!CASE_ITEM_KINDS.includes(kind)) continue;
      const value = JSON.parse(row.json) as { id: string };
      (items[kind] as { id: string }[]).push(value);
      itemEtags.set(itemKey(kind, value.id), row.etag);
    }
    return header && { ...header, items, itemEtags };
  }

  /** Writes a new case with its first items; AlreadyExistsError when the pupil already has one. */
  async create(header: SupportCase, items: CaseItem[]): Promise<LoadedCase> {
    const all = emptyItems();
    for (const item of items) (all[item.kind] as unknown[]).push(item.value);
    const settled = settleCase(header, all, { bump: false });
    const actions: TransactionAction[] = [['create', this.headerRow(settled)], ...items.map((i): TransactionAction => ['create', this.itemRow(settled, i)])];
    if (actions.length > MAX_BATCH) throw new RangeError(`A new case can start with at most ${MAX_BATCH - 1} items (got ${items.length})`);
    const client = await this.client();
    try {
      await client.submitTransaction(actions);
    } catch (err) {
      if (statusOf(err) === 409) throw new AlreadyExistsError('cases', header.urn, headerKey(header.pupilUpn));
      throw err;
    }
    return (await this.load(header.urn, header.pupilUpn))!;
  }

  /**
   * Reads the case, applies `change`, and writes header and items in one transaction guarded by the header's
   * ETag; if someone else changed the case meanwhile, reads again and re-applies (change must be a pure
   * function of what it is given). `change` may throw to refuse, e.g. a ConcurrencyError when the item the
   * user edited is no longer the version they saw.
   */
  async change(urn: string, upn: string, change: (current: LoadedCase) => CaseWrite, attempts = 8): Promise<LoadedCase> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(urn, upn);
      if (!current) throw new CaseNotFoundError(urn, upn);
      const write = change(current);
      const items = applyToItems(current.items, write);
      const header = settleCase(write.header, items, { bump: true, from: current.case });
      const actions: TransactionAction[] = [['update', this.headerRow(header), 'Replace', { etag: current.etag }]];
      for (const item of write.put ?? []) actions.push(['upsert', this.itemRow(header, item), 'Replace']);
      for (const r of write.remove ?? []) {
        if (current.itemEtags.has(itemKey(r.kind, r.id))) actions.push(['delete', { partitionKey: urn, rowKey: `${itemPrefix(upn)}${r.kind}|${r.id}` }]);
      }
      if (actions.length > MAX_BATCH) throw new RangeError(`One change may touch at most ${MAX_BATCH - 1} items`);
      const client = await this.client();
      try {
        await client.submitTransaction(actions);
      } catch (err) {
        if (statusOf(err) === 412 && attempt < attempts) continue;
        if (statusOf(err) === 412) throw new ConcurrencyError('cases', urn, headerKey(upn));
        throw err;
      }
      return (await this.load(urn, upn))!;
    }
  }

  private headerRow(header: SupportCase): Row {
    return { partitionKey: header.urn, rowKey: headerKey(header.pupilUpn), json: checkedJson(header, 'case') };
  }

  private itemRow(header: SupportCase, item: CaseItem): Row {
    return { partitionKey: header.urn, rowKey: `${itemPrefix(header.pupilUpn)}${item.kind}|${item.value.id}`, kind: item.kind, json: checkedJson(item.value, item.kind) };
  }

  private client(): Promise<TableClient> {
    return this.options.store.table('cases');
  }
}

export class CaseNotFoundError extends Error {
  constructor(readonly urn: string, readonly upn: string) {
    super(`Pupil ${upn} has no Support First case at school ${urn}`);
    this.name = 'CaseNotFoundError';
  }
}

function headerKey(upn: string): string {
  return `case|${upn}`;
}

function itemPrefix(upn: string): string {
  return `item|${upn}|`;
}

function checkedJson(value: unknown, what: string): string {
  const json = JSON.stringify(value);
  if (json.length > MAX_JSON_CHARS) throw new RangeError(`The ${what} is too large to store (${json.length} characters; at most ${MAX_JSON_CHARS})`);
  return json;
}

function applyToItems(items: CaseItems, write: CaseWrite): CaseItems {
  const next = { ...items };
  for (const r of write.remove ?? []) {
    next[r.kind] = (next[r.kind] as { id: string }[]).filter((i) => i.id !== r.id) as never;
  }
  for (const item of write.put ?? []) {
    const list = (next[item.kind] as { id: string }[]).filter((i) => i.id !== item.value.id);
    next[item.kind] = [...list, item.value] as never;
  }
  return next;
}
