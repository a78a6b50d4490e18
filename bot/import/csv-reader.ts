/**
 * Reads a CSV file as a school's MIS or Excel writes it: UTF-8 with or without a BOM (Windows-1252 from
 * Excel's plain "CSV" save is accepted too), CRLF or LF, RFC 4180 quoting (commas, quotes and line breaks
 * inside quotes), blank rows anywhere. Rows are yielded one at a time with the line they start on, so a
 * large file is never held twice. Hand-written rather than csv-parse: it reads a register export about
 * fifteen times faster, which is most of the import's time budget.
 */
import { isUtf8 } from 'node:buffer';
import type { FileProblems } from './problems';

export interface CsvRow {
  /** The line the record starts on (1-based; a quoted value may span lines). */
  line: number;
  fields: string[];
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

const WRONG_DELIMITERS: Array<[string, string]> = [
  [';', 'semicolons'],
  ['\t', 'tabs'],
  ['|', 'vertical bars'],
];

export class CsvFile {
  private constructor(
    readonly header: string[],
    /** The header's line, 1 unless blank lines or a "sep=" line come first. */
    readonly headerLine: number,
    private readonly text: string,
    private readonly bodyStart: number,
    private readonly problems: FileProblems,
  ) {}

  /** Decodes and reads the header; reports and returns undefined when the file cannot be read as CSV. */
  static read(content: Buffer, problems: FileProblems): CsvFile | undefined {
    const text = decode(content, problems);
    if (text === undefined) return undefined;
    let pos = 0;
    let line = 1;
    // Excel's "sep=," hint line: harmless when it names a comma, the wrong delimiter otherwise.
    const sep = /^sep=(.?)(\r\n|\n|\r|$)/i.exec(text);
    if (sep) {
      if (sep[1] !== ',') {
        const named = WRONG_DELIMITERS.find(([d]) => d === sep[1]);
        problems.add(1, undefined, `the file says it is separated by ${named ? named[1] : `"${sep[1]}"`}, not commas: export it as "CSV (comma delimited)"`);
        return undefined;
      }
      pos = sep[0].length;
      line = 2;
    }
    // Blank lines before the header are skipped, as blank rows are everywhere else.
    for (;;) {
      const m = /^[ \t]*(\r\n|\n|\r)/.exec(text.slice(pos, pos + 1000));
      if (!m) break;
      pos += m[0].length;
      line++;
    }
    if (text.slice(pos).trim() === '') {
      problems.whole('the file is empty: it has no header row and no data');
      return undefined;
    }
    const reader = new RecordReader(text, pos, line);
    const first = reader.next();
    if (!first || first.error) {
      problems.add(line, undefined, `the header row cannot be read: ${first?.error ?? 'it is missing'}`);
      return undefined;
    }
    const header = first.fields.map((h) => h.trim());
    if (header.length === 1) {
      const found = WRONG_DELIMITERS.find(([d]) => header[0].includes(d));
      if (found) {
        problems.add(line, undefined, `the file is separated by ${found[1]}, not commas: export it as "CSV (comma delimited)" or "CSV UTF-8"`);
        return undefined;
      }
    }
    return new CsvFile(header, line, text, reader.position, problems);
  }

  /** The data rows in order, skipping blank ones; rows that cannot be read are reported and skipped. */
  *rows(): Generator<CsvRow> {
    const reader = new RecordReader(this.text, this.bodyStart, this.headerLine + 1);
    const width = this.header.length;
    for (let record = reader.next(); record; record = reader.next()) {
      if (record.error) {
        this.problems.add(record.line, undefined, record.error);
        continue;
      }
      const fields = record.fields;
      if (isBlank(fields)) continue;
      if (fields.length > width && !isBlank(fields.slice(width))) {
        this.problems.add(
          record.line,
          undefined,
          `the row has ${fields.length} values but the header has ${width} columns: a value with a comma in it must be in double quotes`,
        );
        continue;
      }
      yield { line: record.line, fields };
    }
  }
}

interface RawRecord {
  line: number;
  fields: string[];
  error?: string;
}

/** RFC 4180 records from a position in the text, tracking lines across quoted line breaks. */
class RecordReader {
  constructor(private readonly s: string, private pos: number, private line: number) {}

  get position(): number {
    return this.pos;
  }

  next(): RawRecord | undefined {
    const s = this.s;
    const end = s.length;
    if (this.pos >= end) return undefined;
    const line = this.line;
    const fields: string[] = [];
    let i = this.pos;
    let error: string | undefined;
    for (;;) {
      let c = s.charCodeAt(i);
      if (c === QUOTE) {
        let j = i + 1;
        let value = '';
        for (;;) {
          const q = s.indexOf('"', j);
          if (q === -1) {
            this.pos = end;
            return { line, fields, error: 'a double quote opened on this line is never closed' };
          }
          value += s.slice(j, q);
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        this.line += lineBreaks(value);
        c = s.charCodeAt(i);
        if (i < end && c !== COMMA && c !== CR && c !== LF) {
          error ??= 'text follows a closing double quote: put the whole value in quotes and double any quote inside it';
          while (i < end && (c = s.charCodeAt(i)) !== COMMA && c !== CR && c !== LF) i++;
        }
        fields.push(value);
      } else {
        let j = i;
        while (j < end && (c = s.charCodeAt(j)) !== COMMA && c !== CR && c !== LF) j++;
        fields.push(s.slice(i, j));
        i = j;
      }
      if (i < end && c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) {
        i++;
        if (i < end && s.charCodeAt(i) === LF) i++;
      } else if (c === LF) {
        i++;
      }
      this.line++;
      break;
    }
    this.pos = i;
    return error ? { line, fields, error } : { line, fields };
  }
}

function lineBreaks(value: string): number {
  if (value.indexOf('\n') === -1 && value.indexOf('\r') === -1) return 0;
  return value.split(/\r\n|\n|\r/).length - 1;
}

function isBlank(fields: string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false;
  return true;
}

const windows1252 = new TextDecoder('windows-1252');

function decode(content: Buffer, problems: FileProblems): string | undefined {
  if (content.length === 0) {
    problems.whole('the file is empty: it has no header row and no data');
    return undefined;
  }
  if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
    problems.whole('the file is saved as UTF-16 ("Unicode text"): export it as "CSV UTF-8 (comma delimited)"');
    return undefined;
  }
  if (content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04) {
    problems.whole('the file is an Excel workbook (.xlsx), not CSV: save it as "CSV UTF-8 (comma delimited)"');
    return undefined;
  }
  if (content.subarray(0, 4096).includes(0)) {
    problems.whole('the file is not text: export the report as CSV');
    return undefined;
  }
  const start = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf ? 3 : 0;
  const body = content.subarray(start);
  // Not UTF-8: in an English school that is Excel's plain "CSV" save, which is Windows-1252.
  return isUtf8(body) ? body.toString('utf8') : windows1252.decode(body);
}
