/**
 * Has a session's register reached Firstday? The list is worked out from the marks imported from the MIS; with
 * no marks for the session every pupil on roll would look absent and unexplained, and the whole roll would be
 * posted. So the run waits until most of the roll has a mark for the session.
 *
 * The rule: the register has arrived once at least half of the pupils on roll have a mark (any code) for the
 * date and session. A real register closes with every pupil marked; half leaves room for a form or two marked
 * late, and no school day has half its pupils with no mark at all once the register is in. A school with nobody
 * on roll counts as not arrived: its pupils have not reached Firstday either.
 */
import { onRoll } from './daily-list';
import type { Pupil } from './pupil';
import { dateOfSessionIndex, markAt, type PupilYearMarks, type Session } from './session-marks';

export interface RegisterArrival {
  date: string;
  session: Session;
  arrived: boolean;
  /** Pupils on roll on the date, and how many of them have a mark for the session. */
  onRoll: number;
  marked: number;
  /** The latest session any pupil has a mark for this academic year, or undefined when there is none. */
  latest?: { date: string; session: Session };
}

export interface RegisterArrivalInput {
  date: string;
  session: Session;
  pupils: Pick<Pupil, 'upn' | 'admissionDate' | 'leavingDate'>[];
  /** The academic year's marks, by UPN. */
  marks: ReadonlyMap<string, PupilYearMarks>;
}

export function registerArrival(input: RegisterArrivalInput): RegisterArrival {
  let roll = 0;
  let marked = 0;
  for (const pupil of input.pupils) {
    if (!onRoll(pupil, input.date)) continue;
    roll++;
    const year = input.marks.get(pupil.upn);
    if (year && markAt(year, input.date, input.session) !== undefined) marked++;
  }
  return { date: input.date, session: input.session, arrived: roll > 0 && marked * 2 >= roll, onRoll: roll, marked, latest: latestMarked(input.marks.values()) };
}

/** The latest session with any mark across the records (one academic year's), or undefined. */
export function latestMarked(years: Iterable<PupilYearMarks>): { date: string; session: Session } | undefined {
  let best: { year: number; index: number } | undefined;
  for (const y of years) {
    // Two characters a session, "--" for none: the last marked cell is the first from the end that is not "--".
    for (let at = y.marks.length - 2; at >= 0; at -= 2) {
      if (y.marks.slice(at, at + 2) === '--') continue;
      const index = at / 2;
      if (!best || y.academicYear > best.year || (y.academicYear === best.year && index > best.index)) best = { year: y.academicYear, index };
      break;
    }
  }
  return best && dateOfSessionIndex(best.year, best.index);
}

/** "Friday 27 February, afternoon register", or "none this year". */
export function lastMarksText(latest: RegisterArrival['latest']): string {
  if (!latest) return 'none this year';
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${latest.date}T12:00:00Z`));
  return `${day}, ${latest.session === 'AM' ? 'morning' : 'afternoon'} register`;
}

/** What the attendance officer is told while the run waits for the register: once per session. */
export function registerNotArrivedText(arrival: Pick<RegisterArrival, 'session' | 'latest'>, reviewFirst: boolean): string {
  const what = arrival.session === 'AM' ? "Today's register" : "This afternoon's register";
  const then =
    arrival.session === 'AM'
      ? reviewFirst
        ? 'send you the list to check when it arrives'
        : 'post the list when it arrives'
      : "post the afternoon's list in today's thread when it arrives";
  return `${what} has not reached Firstday yet (last marks: ${lastMarksText(arrival.latest)}). Firstday will check again and ${then}.`;
}
