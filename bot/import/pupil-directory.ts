/**
 * The pupils an import may refer to: those already on roll at the school and those in this import's pupils
 * files. Contacts, marks, lates and reports for anyone else are refused, once per UPN per file.
 */
import type { FileProblems } from './problems';
import type { RowFields } from './row-fields';
import { isInvalid, parseUpn } from './values';

export class PupilDirectory {
  private readonly known: Set<string>;
  /** Raw cell text to the UPN it names, or null when it names no known pupil: one look-up per UPN per import. */
  private readonly resolved = new Map<string, string | null>();
  /** Per file, the cell texts already reported. */
  private readonly reported = new Map<string, Set<string>>();

  constructor(private readonly urn: string, stored: Iterable<string>) {
    this.known = new Set(stored);
  }

  add(upn: string): void {
    this.known.add(upn);
    this.resolved.clear();
  }

  has(upn: string): boolean {
    return this.known.has(upn);
  }

  /** The UPN the cell names if it is a known pupil; otherwise reports it (once per UPN and file) and returns undefined. */
  resolve(text: string, line: number, field: string, problems: FileProblems): string | undefined {
    const cached = this.resolved.get(text);
    if (cached) return cached;
    if (cached === undefined) {
      const upn = parseUpn(text);
      const found = !isInvalid(upn) && this.known.has(upn) ? upn : null;
      this.resolved.set(text, found);
      if (found) return found;
    }
    let reported = this.reported.get(problems.file);
    if (!reported) {
      reported = new Set();
      this.reported.set(problems.file, reported);
    }
    if (reported.has(text)) return undefined;
    reported.add(text);
    const upn = parseUpn(text);
    if (isInvalid(upn)) problems.add(line, field, upn.message);
    else {
      problems.add(line, field, `no pupil with UPN ${upn}: they are not in this import's pupils file and not on roll at school ${this.urn} (later rows for this UPN are not listed)`);
    }
    return undefined;
  }

  /** The pupil a row is about, if its UPN cell names a known pupil; the row is marked failed otherwise. */
  pupilOf<K extends string>(r: RowFields<K>, key: K, problems: FileProblems): string | undefined {
    const text = r.text(key);
    if (text === '') {
      r.report(key, `"${r.label(key)}" is empty`);
      return undefined;
    }
    const upn = this.resolve(text, r.line, r.label(key), problems);
    if (upn === undefined) r.failed = true;
    return upn;
  }
}
