/** Reads one row's cells through a file's columns, reporting each bad or missing value at its line and field. */
import type { Columns } from './columns';
import type { CsvRow } from './csv-reader';
import type { FileProblems } from './problems';
import { isInvalid, type Invalid } from './values';

export class RowFields<K extends string> {
  private current: CsvRow = { line: 0, fields: [] };
  /** Whether any cell of the current row was reported. */
  failed = false;

  constructor(private readonly columns: Columns<K>, private readonly problems: FileProblems) {}

  start(row: CsvRow): this {
    this.current = row;
    this.failed = false;
    return this;
  }

  get line(): number {
    return this.current.line;
  }

  has(key: K): boolean {
    return this.columns.has(key);
  }

  label(key: K): string {
    return this.columns.label(key);
  }

  text(key: K): string {
    return this.columns.get(this.current, key);
  }

  /** The parsed value, or undefined when the cell is blank or bad (bad cells are reported). */
  optional<T>(key: K, parse: (text: string) => T | Invalid): T | undefined {
    const text = this.text(key);
    if (text === '') return undefined;
    const value = parse(text);
    if (isInvalid(value)) {
      this.report(key, value.message);
      return undefined;
    }
    return value;
  }

  /** Like optional, but a blank cell is reported too. */
  required<T>(key: K, parse: (text: string) => T | Invalid, missing = 'is empty'): T | undefined {
    if (this.text(key) === '') {
      this.report(key, `"${this.columns.label(key)}" ${missing}`);
      return undefined;
    }
    return this.optional(key, parse);
  }

  report(key: K | undefined, message: string): void {
    this.failed = true;
    this.problems.add(this.current.line, key === undefined ? undefined : this.columns.label(key), message);
  }
}

/** Any non-blank text, as is. */
export function anyText(text: string): string {
  return text;
}
