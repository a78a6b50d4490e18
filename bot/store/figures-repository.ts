/**
 * Stored attendance figures, so the tab reads them without recomputing:
 * - figures: each pupil's figures for an academic year, kept in FIGURE_PAGES pages per school and
 *   year (PartitionKey = URN|year, RowKey = page-NN, a pupil's page fixed by their UPN). A morning's
 *   update of every pupil writes 64 entities, not 1,500: fewer storage operations on Azure, and on
 *   Azurite (whose cost per entity written grows with the table) about a sixth of the CPU.
 * - schoolfigures: the school summary. PartitionKey = URN, RowKey = year.
 * - bandcrossings: one row per pupil per band per year, inserted once: the record that makes an alert
 *   happen exactly once. PartitionKey = URN|year, RowKey = UPN|band; crossedOn column for "this week".
 * - bandbaselines: the pupils already in each band when the school's figures for the year were first
 *   computed (the baseline, shown to the attendance lead instead of alerted as crossings). PartitionKey =
 *   URN|year; RowKey band|<band> for each band (when, and who opened its cases), pupil|<band>|<UPN> for each pupil.
 * Pages and the summary keep their JSON split over several properties: Table Storage allows 64 KiB in
 * one property and 1 MiB in an entity.
 */
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import type { PupilFigures } from '../domain/statistics/pupil-figures';
import type { SchoolSummary } from '../domain/statistics/school-summary';
import { AlreadyExistsError, ConcurrencyError, statusOf } from './errors';
import { JsonTable, escape } from './json-table';
import type { TableStore } from './table-store';

export interface BandCrossingRecord {
  urn: string;
  academicYear: number;
  upn: string;
  yearGroup: number;
  belowPercent: number;
  label: string;
  /** The band the pupil was in before, if any. */
  fromBelowPercent?: number;
  /** Year-to-date attendance when the band was crossed. */
  percent: number;
  /** The date of the figures that crossed it. */
  crossedOn: string;
  /** ISO instant the crossing was recorded. */
  recordedAt: string;
  /** The band's watcher and the heads of year for the pupil's year group, when it was crossed. */
  watcherUpn?: string;
  headsOfYear: string[];
  /** Set by whoever opened or updated the case and sent the alert. */
  handledAt?: string;
}

/** A pupil already in a band when the year's figures were first computed. */
export interface BaselinePupil {
  urn: string;
  academicYear: number;
  upn: string;
  yearGroup: number;
  belowPercent: number;
  label: string;
  /** Year-to-date attendance at the baseline date, rounded down to one decimal place. */
  percent: number;
}

/** One band's baseline: when it was taken, and who opened its pupils' cases (once, the first time). */
export interface BandBaseline {
  urn: string;
  academicYear: number;
  belowPercent: number;
  label: string;
  /** The date of the figures the baseline was taken from, and the instant it was recorded. */
  asOf: string;
  recordedAt: string;
  casesOpened?: { byId: string; byName: string; at: string; opened: number };
}

export const FIGURE_PAGES = 64;
const FIGURES_TABLE = 'figures';
const SUMMARY_TABLE = 'schoolfigures';
const BASELINE_TABLE = 'bandbaselines';
/** Characters per property: 64 KiB is 32K UTF-16 characters. */
const CHUNK = 30_000;
/** Characters in an entity's JSON, leaving room under 1 MiB (strings count two bytes a character). */
const MAX_ENTITY_CHARS = 480_000;
const PARALLEL_WRITES = 8;

/** A school's figures for a year as read: the pupils, and each page's version for a conditional write. */
export interface SchoolFigures {
  urn: string;
  academicYear: number;
  /** Ordered by UPN. */
  pupils: PupilFigures[];
  pages: ReadonlyMap<string, StoredPage>;
}

interface StoredPage {
  etag: string;
  pupils: PupilFigures[];
}

type ChunkedRow = { partitionKey: string; rowKey: string; parts: number } & Record<string, unknown>;

/** The page a pupil's figures are kept in (FNV-1a of the UPN: stable, and spread evenly). */
export function figuresPageOf(upn: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < upn.length; i++) h = Math.imul(h ^ upn.charCodeAt(i), 0x01000193);
  return `page-${String((h >>> 0) % FIGURE_PAGES).padStart(2, '0')}`;
}

export class FiguresRepository {
  readonly crossings: JsonTable<BandCrossingRecord>;
  readonly baselineBands: JsonTable<BandBaseline>;
  readonly baselinePupils: JsonTable<BaselinePupil>;
  private readonly store: TableStore;

  constructor(options: { store: TableStore }) {
    this.store = options.store;
    this.baselineBands = new JsonTable({
      store: options.store,
      table: BASELINE_TABLE,
      keys: (b) => ({ partitionKey: `${b.urn}|${b.academicYear}`, rowKey: `band|${b.belowPercent}` }),
    });
    this.baselinePupils = new JsonTable({
      store: options.store,
      table: BASELINE_TABLE,
      keys: (p) => ({ partitionKey: `${p.urn}|${p.academicYear}`, rowKey: `pupil|${p.belowPercent}|${p.upn}` }),
    });
    this.crossings = new JsonTable({
      store: options.store,
      table: 'bandcrossings',
      keys: (c) => ({ partitionKey: `${c.urn}|${c.academicYear}`, rowKey: `${c.upn}|${c.belowPercent}` }),
      columns: (c) => ({ crossedOn: c.crossedOn, handled: c.handledAt !== undefined }),
    });
  }

  async getPupil(urn: string, academicYear: number, upn: string): Promise<PupilFigures | undefined> {
    const page = await readRow(await this.table(FIGURES_TABLE), `${urn}|${academicYear}`, figuresPageOf(upn));
    return page && (JSON.parse(page.json) as PupilFigures[]).find((f) => f.upn === upn);
  }

  async listPupils(urn: string, academicYear: number): Promise<PupilFigures[]> {
    return (await this.readSchool(urn, academicYear)).pupils;
  }

  /** Every pupil's figures, with the pages' versions for savePupils. */
  async readSchool(urn: string, academicYear: number): Promise<SchoolFigures> {
    const client = await this.table(FIGURES_TABLE);
    const pages = new Map<string, StoredPage>();
    const pupils: PupilFigures[] = [];
    const filter = `PartitionKey eq '${escape(`${urn}|${academicYear}`)}'`;
    for await (const row of client.listEntities<ChunkedRow>({ queryOptions: { filter } })) {
      const page: StoredPage = { etag: row.etag, pupils: JSON.parse(joinParts(row)) as PupilFigures[] };
      pages.set(row.rowKey, page);
      pupils.push(...page.pupils);
    }
    return { urn, academicYear, pupils: pupils.sort((a, b) => compare(a.upn, b.upn)), pages };
  }

  /**
   * Writes pupils' figures (figures are recomputed, never edited) and removes others, page by page,
   * each write conditional on the page's version: from `known` when the caller has just read the
   * school, re-read and retried when another update changed the page meanwhile.
   */
  async savePupils(urn: string, academicYear: number, change: { put?: readonly PupilFigures[]; remove?: readonly string[] }, known?: SchoolFigures): Promise<void> {
    if (known && (known.urn !== urn || known.academicYear !== academicYear)) {
      throw new Error(`Figures read for ${known.urn} ${known.academicYear} cannot guard a write to ${urn} ${academicYear}`);
    }
    const byPage = new Map<string, { put: PupilFigures[]; remove: Set<string> }>();
    const pageFor = (upn: string) => {
      const key = figuresPageOf(upn);
      let p = byPage.get(key);
      if (!p) byPage.set(key, (p = { put: [], remove: new Set() }));
      return p;
    };
    for (const f of change.put ?? []) {
      if (f.academicYear !== academicYear) throw new RangeError(`Pupil ${f.upn}: figures for academic year ${f.academicYear} saved as ${academicYear}`);
      pageFor(f.upn).put.push(f);
    }
    for (const upn of change.remove ?? []) pageFor(upn).remove.add(upn);
    const client = await this.table(FIGURES_TABLE);
    const pk = `${urn}|${academicYear}`;
    await inParallel([...byPage], async ([rowKey, edit]) => {
      for (let attempt = 1; ; attempt++) {
        let current: StoredPage | undefined;
        if (attempt === 1 && known) current = known.pages.get(rowKey);
        else {
          const row = await readRow(client, pk, rowKey);
          current = row && { etag: row.etag, pupils: JSON.parse(row.json) as PupilFigures[] };
        }
        const merged = new Map((current?.pupils ?? []).map((f) => [f.upn, f]));
        for (const upn of edit.remove) merged.delete(upn);
        for (const f of edit.put) merged.set(f.upn, f);
        const pupils = [...merged.values()].sort((a, b) => compare(a.upn, b.upn));
        try {
          await writeRow(client, FIGURES_TABLE, pk, rowKey, JSON.stringify(pupils), current?.etag);
          return;
        } catch (err) {
          const clash = err instanceof ConcurrencyError || err instanceof AlreadyExistsError;
          if (!clash || attempt >= 10) throw err;
        }
      }
    });
  }

  async getSchool(urn: string, academicYear: number): Promise<SchoolSummary | undefined> {
    const row = await readRow(await this.table(SUMMARY_TABLE), urn, String(academicYear));
    return row && (JSON.parse(row.json) as SchoolSummary);
  }

  /** The summary's ETag (undefined before the first summary): read it before listing pupils for refreshSchool. */
  async schoolEtag(urn: string, academicYear: number): Promise<string | undefined> {
    const client = await this.table(SUMMARY_TABLE);
    try {
      return (await client.getEntity(urn, String(academicYear), { queryOptions: { select: ['parts'] } })).etag;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  /**
   * Recomputes the school summary from the stored pupils' figures. The pupils are listed after the
   * summary's ETag is read and the write is conditional on it, retried on a clash: two updates of the
   * same school at once both land in the summary, whichever writes last. A caller that has already
   * read the ETag (schoolEtag) and then the pupils passes both as `known` to save the first reads.
   */
  async refreshSchool(
    urn: string,
    academicYear: number,
    summarise: (pupils: PupilFigures[]) => Promise<SchoolSummary> | SchoolSummary,
    known?: { etag: string | undefined; pupils: PupilFigures[] },
    attempts = 10,
  ): Promise<SchoolSummary> {
    const client = await this.table(SUMMARY_TABLE);
    for (let attempt = 1; ; attempt++) {
      let etag: string | undefined;
      let pupils: PupilFigures[];
      if (attempt === 1 && known) ({ etag, pupils } = known);
      else {
        etag = await this.schoolEtag(urn, academicYear);
        pupils = await this.listPupils(urn, academicYear);
      }
      const summary = await summarise(pupils);
      try {
        await writeRow(client, SUMMARY_TABLE, urn, String(academicYear), JSON.stringify(summary), etag);
        return summary;
      } catch (err) {
        const clash = err instanceof ConcurrencyError || err instanceof AlreadyExistsError;
        if (!clash || attempt >= attempts) throw err;
      }
    }
  }

  /** Records a crossing unless this pupil's crossing into this band is already recorded. True if new. */
  async recordCrossing(crossing: BandCrossingRecord): Promise<boolean> {
    try {
      await this.crossings.insert(crossing);
      return true;
    } catch (err) {
      if (err instanceof AlreadyExistsError) return false;
      throw err;
    }
  }

  /** Crossings with figures dated from..to inclusive (e.g. this week), oldest first. */
  async crossingsBetween(urn: string, academicYear: number, from: string, to: string): Promise<BandCrossingRecord[]> {
    const rows = await this.crossings.list(`${urn}|${academicYear}`, undefined, `crossedOn ge '${escape(from)}' and crossedOn le '${escape(to)}'`);
    return rows.map((r) => r.value).sort((a, b) => a.crossedOn.localeCompare(b.crossedOn) || a.upn.localeCompare(b.upn));
  }

  /** Crossings no one has acted on yet: what a caller sweeps if it stopped between recording and alerting. */
  async unhandledCrossings(urn: string, academicYear: number): Promise<BandCrossingRecord[]> {
    return (await this.crossings.list(`${urn}|${academicYear}`, undefined, 'handled eq false')).map((r) => r.value);
  }

  /**
   * Records the year's baseline: every band of the school (with none in it too, so the lead sees the
   * baseline was taken) and the pupils in each, in batches of one partition. Taken again only when a run
   * stopped before writing the figures it was taken from: the pupils are rewritten, and a band's record
   * keeps who opened its cases.
   */
  async recordBaseline(input: { urn: string; academicYear: number; asOf: string; recordedAt: string; bands: readonly { belowPercent: number; label: string }[]; pupils: readonly BaselinePupil[] }): Promise<void> {
    const { urn, academicYear, asOf, recordedAt } = input;
    const now = new Set(input.pupils.map((p) => this.baselinePupils.keysOf(p).rowKey));
    const stale = (await this.baselinePupils.list(`${urn}|${academicYear}`, 'pupil|')).map((p) => this.baselinePupils.keysOf(p.value)).filter((k) => !now.has(k.rowKey));
    if (stale.length) await this.baselinePupils.deleteMany(stale);
    await this.baselinePupils.upsertMany([...input.pupils]);
    await inParallel(input.bands, async (b) => {
      await this.baselineBands.update(`${urn}|${academicYear}`, `band|${b.belowPercent}`, (current) =>
        current?.asOf === asOf ? undefined : { urn, academicYear, belowPercent: b.belowPercent, label: b.label, asOf, recordedAt, ...(current?.casesOpened ? { casesOpened: current.casesOpened } : {}) },
      );
    });
  }

  /** The year's baseline, bands highest first and each band's pupils; empty before it is taken. */
  async baseline(urn: string, academicYear: number): Promise<{ bands: BandBaseline[]; pupils: BaselinePupil[] }> {
    const pk = `${urn}|${academicYear}`;
    const [bands, pupils] = await Promise.all([this.baselineBands.list(pk, 'band|'), this.baselinePupils.list(pk, 'pupil|')]);
    return { bands: bands.map((b) => b.value).sort((a, b) => b.belowPercent - a.belowPercent), pupils: pupils.map((p) => p.value) };
  }

  /** Records who opened a band's baseline cases; the first to do so stays recorded. Returns the band as stored. */
  async markBaselineCasesOpened(urn: string, academicYear: number, belowPercent: number, opened: NonNullable<BandBaseline['casesOpened']>): Promise<BandBaseline> {
    const stored = await this.baselineBands.update(`${urn}|${academicYear}`, `band|${belowPercent}`, (b) => (b && !b.casesOpened ? { ...b, casesOpened: opened } : undefined));
    if (!stored) throw new Error(`No baseline recorded for the band at ${belowPercent}% in ${urn} ${academicYear}`);
    return stored.value;
  }

  /** Marks a crossing acted on (case opened or updated, head of year told). */
  async markCrossingHandled(urn: string, academicYear: number, upn: string, belowPercent: number, at: string): Promise<void> {
    const updated = await this.crossings.update(`${urn}|${academicYear}`, `${upn}|${belowPercent}`, (c) => (c && !c.handledAt ? { ...c, handledAt: at } : undefined));
    if (!updated) throw new Error(`No band crossing recorded for pupil ${upn} at ${belowPercent}% in ${urn} ${academicYear}`);
  }

  private table(name: string): Promise<TableClient> {
    return this.store.table(name);
  }
}

async function readRow(client: TableClient, partitionKey: string, rowKey: string): Promise<{ json: string; etag: string } | undefined> {
  try {
    const row = await client.getEntity<ChunkedRow>(partitionKey, rowKey);
    return { json: joinParts(row), etag: row.etag };
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** Inserts (no ETag) or replaces if unchanged since read (ETag); clashes become typed errors. */
async function writeRow(client: TableClient, table: string, partitionKey: string, rowKey: string, json: string, etag: string | undefined): Promise<void> {
  if (json.length > MAX_ENTITY_CHARS) {
    throw new RangeError(`${table} ${partitionKey}/${rowKey}: ${json.length} characters of figures is more than one Table Storage entity holds`);
  }
  const row: ChunkedRow = { partitionKey, rowKey, parts: Math.max(1, Math.ceil(json.length / CHUNK)) };
  for (let i = 0; i < row.parts; i++) row[`json${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
  try {
    if (etag) await client.updateEntity(row, 'Replace', { etag });
    else await client.createEntity(row);
  } catch (err) {
    const status = statusOf(err);
    if (status === 412 || status === 404) throw new ConcurrencyError(table, partitionKey, rowKey);
    if (status === 409) throw new AlreadyExistsError(table, partitionKey, rowKey);
    throw err;
  }
}

function joinParts(row: TableEntityResult<ChunkedRow>): string {
  let json = '';
  for (let i = 0; i < row.parts; i++) json += row[`json${i}`] as string;
  return json;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function inParallel<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, items.length) }, worker));
}
