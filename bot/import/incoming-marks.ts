/**
 * The session marks and lates an import brings, held compactly per pupil per academic year (a byte per
 * session), then merged into the stored packed year record. A full year for a large school is a few MB here.
 */
import { ATTENDANCE_CODES } from '../domain/attendance-codes';
import { emptyYearMarks, type PupilYearMarks } from '../domain/session-marks';

const CODES = [...ATTENDANCE_CODES.keys()];
const CODE_NUMBER = new Map(CODES.map((c, i) => [c, i + 1]));
/** 366 days of two sessions: enough for a leap academic year. */
const SESSIONS = 732;
const NO_MARK = '--';

interface Late {
  code: string;
  minutes: number;
  file: number;
  line: number;
}

/** One pupil's incoming marks for one academic year. */
export class IncomingYear {
  /** Code number (index in CODES + 1) per session; 0 = the import says nothing about the session. */
  readonly codes = new Uint8Array(SESSIONS);
  readonly lines = new Uint32Array(SESSIONS);
  readonly files = new Uint8Array(SESSIONS);
  readonly lates = new Map<number, Late>();
  maxIndex = -1;

  constructor(readonly upn: string, readonly academicYear: number) {}
}

/** Where an earlier entry for the same session came from, when a second one arrives. */
export interface EarlierEntry {
  file: number;
  line: number;
}

export class IncomingMarks {
  /** By UPN, then academic year: no key string built per mark. */
  private readonly years = new Map<string, Map<number, IncomingYear>>();
  marks = 0;
  lates = 0;

  /** Records a register mark; returns where the session was already given, if it was. */
  setMark(upn: string, academicYear: number, index: number, code: string, file: number, line: number): EarlierEntry | undefined {
    const year = this.year(upn, academicYear);
    if (year.codes[index] !== 0) return { file: year.files[index], line: year.lines[index] };
    year.codes[index] = CODE_NUMBER.get(code)!;
    year.lines[index] = line;
    year.files[index] = file;
    if (index > year.maxIndex) year.maxIndex = index;
    this.marks++;
    return undefined;
  }

  /** Records a late arrival from the lates register; it overrides the register's mark for the session. */
  setLate(upn: string, academicYear: number, index: number, code: 'L' | 'U', minutes: number, file: number, line: number): EarlierEntry | undefined {
    const year = this.year(upn, academicYear);
    const earlier = year.lates.get(index);
    if (earlier) return { file: earlier.file, line: earlier.line };
    year.lates.set(index, { code, minutes, file, line });
    if (index > year.maxIndex) year.maxIndex = index;
    this.lates++;
    return undefined;
  }

  academicYears(): number[] {
    const found = new Set<number>();
    for (const byYear of this.years.values()) for (const y of byYear.keys()) found.add(y);
    return [...found].sort();
  }

  forYear(academicYear: number): IncomingYear[] {
    const out: IncomingYear[] = [];
    for (const byYear of this.years.values()) {
      const year = byYear.get(academicYear);
      if (year) out.push(year);
    }
    return out;
  }

  private year(upn: string, academicYear: number): IncomingYear {
    let byYear = this.years.get(upn);
    if (!byYear) {
      byYear = new Map();
      this.years.set(upn, byYear);
    }
    let year = byYear.get(academicYear);
    if (!year) {
      year = new IncomingYear(upn, academicYear);
      byYear.set(academicYear, year);
    }
    return year;
  }
}

/**
 * The stored record with the incoming marks laid over it: register marks first, then the lates register.
 * Sessions the import does not mention keep their mark. A register mark that repeats the stored late code
 * keeps the stored minutes (the register export does not carry them); any other change drops them.
 */
export function mergeYear(stored: PupilYearMarks | undefined, incoming: IncomingYear): { merged: PupilYearMarks; changed: number } {
  const base = stored ?? emptyYearMarks(incoming.upn, incoming.academicYear);
  const storedCells = base.marks.length / 2;
  const length = Math.max(storedCells, incoming.maxIndex + 1);
  const cells = new Array<string>(length);
  for (let i = 0; i < length; i++) cells[i] = i < storedCells ? base.marks.slice(i * 2, i * 2 + 2) : NO_MARK;
  const lates: Record<number, number> = { ...base.lates };
  const codes = incoming.codes;
  for (let i = 0; i <= incoming.maxIndex; i++) {
    if (codes[i] === 0) continue;
    const cell = CODES[codes[i] - 1].padEnd(2, ' ');
    if (cells[i] !== cell) {
      cells[i] = cell;
      delete lates[i];
    }
  }
  for (const [i, late] of incoming.lates) {
    cells[i] = late.code.padEnd(2, ' ');
    lates[i] = late.minutes;
  }
  let changed = 0;
  for (let i = 0; i <= incoming.maxIndex; i++) {
    if (codes[i] === 0 && !incoming.lates.has(i)) continue;
    const before = i < storedCells ? base.marks.slice(i * 2, i * 2 + 2) : NO_MARK;
    if (cells[i] !== before || lates[i] !== base.lates[i]) changed++;
  }
  return { merged: { upn: incoming.upn, academicYear: incoming.academicYear, marks: cells.join(''), lates }, changed };
}
