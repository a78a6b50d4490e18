/** What is wrong with an import, said where it is: file, line and field, so the officer can fix the export. */

export interface ImportProblem {
  /** The file's name as given (e.g. "marks.csv"). */
  file: string;
  /** 1-based line in the file where the record starts; the header is line 1. Absent for a whole-file problem. */
  line?: number;
  /** The column, as the file names it (or as the import expects it when it is missing). */
  field?: string;
  message: string;
}

export function describeProblem(p: ImportProblem): string {
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined, p.field].filter(Boolean).join(', ');
  return `${where}: ${p.message}`;
}

/** The most problems kept: enough to fix a file in one pass, few enough to read. The rest are counted. */
export const MAX_PROBLEMS = 100;

/** Collects problems from every file, keeping the first MAX_PROBLEMS and counting the rest. */
export class Problems {
  readonly list: ImportProblem[] = [];
  private total = 0;

  constructor(private readonly cap = MAX_PROBLEMS) {}

  add(problem: ImportProblem): void {
    this.total++;
    if (this.list.length < this.cap) this.list.push(problem);
  }

  get count(): number {
    return this.total;
  }

  get any(): boolean {
    return this.total > 0;
  }

  /** A reporter bound to one file, so parsers only say line, field and what. */
  forFile(file: string): FileProblems {
    return {
      file,
      add: (line, field, message) => this.add({ file, line, field, message }),
      whole: (message) => this.add({ file, message }),
    };
  }
}

export interface FileProblems {
  readonly file: string;
  add(line: number, field: string | undefined, message: string): void;
  /** A problem with the whole file (empty, too large, not text). */
  whole(message: string): void;
}
