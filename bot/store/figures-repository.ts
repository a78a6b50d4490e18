/**
 * Stored attendance figures, so the tab reads them without recomputing:
 * - figures: one row per pupil per academic year. PartitionKey = URN|year, RowKey = UPN.
 * - schoolfigures: the school summary. PartitionKey = URN, RowKey = year. Its JSON is split over
 *   several properties, as a large school's summary can pass Table Storage's 64 KiB per property.
 * - bandcrossings: one row per pupil per band per year, inserted once: the record that makes an alert
 *   happen exactly once. PartitionKey = URN|year, RowKey = UPN|band; crossedOn column for "this week".
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

const SUMMARY_TABLE = 'schoolfigures';
/** Characters per property: Table Storage allows 64 KiB (32K UTF-16 characters) in a string property. */
const CHUNK = 30_000;

type SummaryRow = { partitionKey: string; rowKey: string; parts: number } & Record<string, unknown>;

export class FiguresRepository {
  readonly pupils: JsonTable<PupilFigures & { urn: string }>;
  readonly crossings: JsonTable<BandCrossingRecord>;
  private readonly store: TableStore;

  constructor(options: { store: TableStore }) {
    this.store = options.store;
    this.pupils = new JsonTable({
      store: options.store,
      table: 'figures',
      keys: (f) => ({ partitionKey: `${f.urn}|${f.academicYear}`, rowKey: f.upn }),
    });
    this.crossings = new JsonTable({
      store: options.store,
      table: 'bandcrossings',
      keys: (c) => ({ partitionKey: `${c.urn}|${c.academicYear}`, rowKey: `${c.upn}|${c.belowPercent}` }),
      columns: (c) => ({ crossedOn: c.crossedOn, handled: c.handledAt !== undefined }),
    });
  }

  async getPupil(urn: string, academicYear: number, upn: string): Promise<PupilFigures | undefined> {
    const found = await this.pupils.get(`${urn}|${academicYear}`, upn);
    return found && stripUrn(found.value);
  }

  async listPupils(urn: string, academicYear: number): Promise<PupilFigures[]> {
    return (await this.pupils.list(`${urn}|${academicYear}`)).map((f) => stripUrn(f.value));
  }

  /** Writes pupils' figures (whatever was there: figures are recomputed, never edited). */
  putPupils(urn: string, figures: readonly PupilFigures[]): Promise<void> {
    return this.pupils.upsertMany(figures.map((f) => ({ ...f, urn })));
  }

  deletePupils(urn: string, academicYear: number, upns: readonly string[]): Promise<void> {
    return this.pupils.deleteMany(upns.map((upn) => ({ partitionKey: `${urn}|${academicYear}`, rowKey: upn })));
  }

  async getSchool(urn: string, academicYear: number): Promise<SchoolSummary | undefined> {
    return (await this.readSummary(urn, academicYear))?.summary;
  }

  /** The summary's ETag (undefined before the first summary): read it before listing pupils for refreshSchool. */
  async schoolEtag(urn: string, academicYear: number): Promise<string | undefined> {
    const client = await this.summaryTable();
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
        await this.writeSummary(summary, etag);
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

  /** Marks a crossing acted on (case opened or updated, head of year told). */
  async markCrossingHandled(urn: string, academicYear: number, upn: string, belowPercent: number, at: string): Promise<void> {
    const updated = await this.crossings.update(`${urn}|${academicYear}`, `${upn}|${belowPercent}`, (c) => (c && !c.handledAt ? { ...c, handledAt: at } : undefined));
    if (!updated) throw new Error(`No band crossing recorded for pupil ${upn} at ${belowPercent}% in ${urn} ${academicYear}`);
  }

  private async readSummary(urn: string, academicYear: number): Promise<{ summary: SchoolSummary; etag: string } | undefined> {
    const client = await this.summaryTable();
    try {
      const row = await client.getEntity<SummaryRow>(urn, String(academicYear));
      return { summary: JSON.parse(joinParts(row)) as SchoolSummary, etag: row.etag };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  private async writeSummary(summary: SchoolSummary, etag: string | undefined): Promise<void> {
    const client = await this.summaryTable();
    const json = JSON.stringify(summary);
    const row: SummaryRow = { partitionKey: summary.urn, rowKey: String(summary.academicYear), parts: Math.max(1, Math.ceil(json.length / CHUNK)) };
    for (let i = 0; i < row.parts; i++) row[`json${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
    try {
      if (etag) await client.updateEntity(row, 'Replace', { etag });
      else await client.createEntity(row);
    } catch (err) {
      const status = statusOf(err);
      if (status === 412 || status === 404) throw new ConcurrencyError(SUMMARY_TABLE, row.partitionKey, row.rowKey);
      if (status === 409) throw new AlreadyExistsError(SUMMARY_TABLE, row.partitionKey, row.rowKey);
      throw err;
    }
  }

  private summaryTable(): Promise<TableClient> {
    return this.store.table(SUMMARY_TABLE);
  }
}

function joinParts(row: TableEntityResult<SummaryRow>): string {
  let json = '';
  for (let i = 0; i < row.parts; i++) json += row[`json${i}`] as string;
  return json;
}

function stripUrn(f: PupilFigures & { urn?: string }): PupilFigures {
  const { urn: _urn, ...figures } = f;
  return figures;
}
