/**
 * How each packed two-character cell of the marks string counts, looked up without allocating:
 * the hot loop over millions of sessions reads two char codes and indexes these tables.
 */
import { ATTENDANCE_CODES, UNAUTHORISED_CODES } from '../attendance-codes';

/** What a session counts as in the statistics (numbers, so the hot loop indexes arrays with them). */
export const Category = {
  /** "--": no mark recorded. */
  None: 0,
  /** Not a possible session: X, Y1-Y7, #, D, Z. */
  NotCounted: 1,
  Present: 2,
  /** L: late before the register closed; present. */
  LateBeforeClose: 3,
  /** Approved educational activity: counts as attending. */
  ApprovedActivity: 4,
  Authorised: 5,
  /** G, N, O: unauthorised absence. */
  Unauthorised: 6,
  /** U: late after the register closed; unauthorised absence. */
  LateAfterClose: 7,
  Unknown: 8,
} as const;
export type Category = (typeof Category)[keyof typeof Category];

export const CATEGORY_COUNT = 9;

/** Index of a cell in the lookup tables; both characters are ASCII in every valid cell. */
function cellIndex(c0: number, c1: number): number {
  return (c0 | c1) < 128 ? (c0 << 7) | c1 : -1;
}

/** Category by cell index; exported for the hot loop, which must not call through per session. */
export const CATEGORY_TABLE = new Uint8Array(128 * 128).fill(Category.Unknown);
/** Code id (position in CODES) by cell index; 255 for none or unknown. */
export const CODE_ID_TABLE = new Uint8Array(128 * 128).fill(255);
const categories = CATEGORY_TABLE;
const codeIds = CODE_ID_TABLE;
/** The codes in table order; a code's id is its position here. */
export const CODES: readonly string[] = [...ATTENDANCE_CODES.keys()];

categories[cellIndex(45, 45)] = Category.None; // "--"
CODES.forEach((code, id) => {
  const cell = code.padEnd(2, ' ');
  const at = cellIndex(cell.charCodeAt(0), cell.charCodeAt(1));
  codeIds[at] = id;
  categories[at] = categoryOf(code);
});

function categoryOf(code: string): Category {
  if (code === 'L') return Category.LateBeforeClose;
  if (code === 'U') return Category.LateAfterClose;
  switch (ATTENDANCE_CODES.get(code)!.meaning) {
    case 'present':
      return Category.Present;
    case 'approved-activity':
      return Category.ApprovedActivity;
    case 'authorised':
      return Category.Authorised;
    case 'unauthorised':
      if (!UNAUTHORISED_CODES.has(code)) throw new Error(`Code ${code} is unauthorised but not in UNAUTHORISED_CODES`);
      return Category.Unauthorised;
    case 'not-counted':
      return Category.NotCounted;
  }
}

/** The category of a code as written on a register, e.g. "C1" or "/". */
export function categoryOfCode(code: string): Category {
  const cell = code.padEnd(2, ' ');
  if (cell.length !== 2) return Category.Unknown;
  const at = cellIndex(cell.charCodeAt(0), cell.charCodeAt(1));
  return at < 0 ? Category.Unknown : (categories[at] as Category);
}
