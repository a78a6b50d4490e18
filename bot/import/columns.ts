/**
 * Finds a file's columns by name, whatever the MIS calls them: case, spaces and punctuation are ignored
 * ("Legal Surname", "legal_surname", "LEGAL SURNAME ") and each column has the other names SIMS, Arbor
 * and Bromcom exports use. Columns the import does not know are ignored.
 */
import type { CsvFile, CsvRow } from './csv-reader';
import type { FileProblems } from './problems';

export interface ColumnSpec {
  /** The name the import documents and reports. */
  name: string;
  aliases?: string[];
  required?: boolean;
}

export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export class Columns<K extends string> {
  private constructor(
    private readonly index: Partial<Record<K, number>>,
    private readonly header: string[],
    private readonly specs: Record<K, ColumnSpec>,
  ) {}

  /** Matches the header against the specs; reports missing and doubled columns and returns undefined if any. */
  static match<K extends string>(csv: CsvFile, specs: Record<K, ColumnSpec>, problems: FileProblems): Columns<K> | undefined {
    const positions = new Map<string, number[]>();
    csv.header.forEach((h, i) => {
      const key = normaliseHeader(h);
      if (key) positions.set(key, [...(positions.get(key) ?? []), i]);
    });
    const index: Partial<Record<K, number>> = {};
    let ok = true;
    for (const key of Object.keys(specs) as K[]) {
      const spec = specs[key];
      const names = [...new Set([spec.name, ...(spec.aliases ?? [])].map(normaliseHeader))];
      const found = names.flatMap((n) => positions.get(n) ?? []).sort((a, b) => a - b);
      if (found.length > 1) {
        ok = false;
        const labels = found.map((i) => `"${csv.header[i]}" (column ${i + 1})`).join(' and ');
        problems.add(csv.headerLine, spec.name, `the column appears more than once: ${labels}; keep one`);
      } else if (found.length === 1) {
        index[key] = found[0];
      } else if (spec.required) {
        ok = false;
        const also = spec.aliases?.length ? ` (or ${spec.aliases.map((a) => `"${a}"`).join(', ')})` : '';
        problems.add(csv.headerLine, spec.name, `missing column "${spec.name}"${also}; the file's columns are ${listHeader(csv.header)}`);
      }
    }
    return ok ? new Columns(index, csv.header, specs) : undefined;
  }

  has(key: K): boolean {
    return this.index[key] !== undefined;
  }

  /** The cell, trimmed; empty when the column is absent or the row is short. */
  get(row: CsvRow, key: K): string {
    const i = this.index[key];
    if (i === undefined) return '';
    const v = row.fields[i];
    return v === undefined ? '' : v.trim();
  }

  /** The column's name as the file has it, for messages; the documented name when the file lacks it. */
  label(key: K): string {
    const i = this.index[key];
    return i === undefined ? this.specs[key].name : this.header[i] || this.specs[key].name;
  }
}

function listHeader(header: string[]): string {
  const shown = header.slice(0, 15).map((h) => `"${h}"`).join(', ');
  return header.length > 15 ? `${shown} and ${header.length - 15} more` : shown;
}
