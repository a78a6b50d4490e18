/**
 * The DfE attendance and absence codes in force from 19 August 2024
 * ("Working together to improve school attendance", 2024), with what each means
 * for the statistics: whether the session is possible, and how it counts.
 */

export type CodeMeaning =
  | 'present' // attending school
  | 'approved-activity' // attending a place other than the school: counts as present
  | 'authorised' // absent, authorised
  | 'unauthorised' // absent, unauthorised
  | 'not-counted'; // not a possible session (administrative, not required, exceptional circumstances)

export interface AttendanceCode {
  code: string;
  meaning: CodeMeaning;
  description: string;
}

const table: AttendanceCode[] = [
  { code: '/', meaning: 'present', description: 'Present (AM)' },
  { code: '\\', meaning: 'present', description: 'Present (PM)' },
  { code: 'L', meaning: 'present', description: 'Late arrival before the register closed' },
  { code: 'K', meaning: 'approved-activity', description: 'Attending education provision arranged by the local authority' },
  { code: 'V', meaning: 'approved-activity', description: 'Attending an educational visit or trip' },
  { code: 'P', meaning: 'approved-activity', description: 'Participating in a supervised sporting activity' },
  { code: 'W', meaning: 'approved-activity', description: 'Attending work experience' },
  { code: 'B', meaning: 'approved-activity', description: 'Attending any other approved educational activity' },
  { code: 'D', meaning: 'not-counted', description: 'Dual registered: attending another setting' },
  { code: 'C1', meaning: 'authorised', description: 'Leave of absence: regulated performance or employment abroad' },
  { code: 'M', meaning: 'authorised', description: 'Leave of absence: medical or dental appointment' },
  { code: 'J1', meaning: 'authorised', description: 'Leave of absence: interview' },
  { code: 'S', meaning: 'authorised', description: 'Leave of absence: study leave' },
  { code: 'X', meaning: 'not-counted', description: 'Not required to attend: non-compulsory school age' },
  { code: 'C2', meaning: 'authorised', description: 'Leave of absence: part-time timetable' },
  { code: 'C', meaning: 'authorised', description: 'Leave of absence: exceptional circumstances' },
  { code: 'T', meaning: 'authorised', description: 'Parent travelling for occupational purposes' },
  { code: 'Y1', meaning: 'not-counted', description: 'Unable to attend: transport normally provided not available' },
  { code: 'Y2', meaning: 'not-counted', description: 'Unable to attend: widespread disruption to travel' },
  { code: 'Y3', meaning: 'not-counted', description: 'Unable to attend: part of the school premises closed' },
  { code: 'Y4', meaning: 'not-counted', description: 'Unable to attend: whole school site unexpectedly closed' },
  { code: 'Y5', meaning: 'not-counted', description: 'Unable to attend: criminal justice detention' },
  { code: 'Y6', meaning: 'not-counted', description: 'Unable to attend: public health guidance or law' },
  { code: 'Y7', meaning: 'not-counted', description: 'Unable to attend: any other unavoidable cause' },
  { code: 'Q', meaning: 'not-counted', description: 'Unable to attend: lack of access arrangements' },
  { code: 'E', meaning: 'authorised', description: 'Suspended or permanently excluded, no alternative provision' },
  { code: 'I', meaning: 'authorised', description: 'Illness (not medical or dental appointment)' },
  { code: 'R', meaning: 'authorised', description: 'Religious observance' },
  { code: 'G', meaning: 'unauthorised', description: 'Holiday not granted by the school' },
  { code: 'N', meaning: 'unauthorised', description: 'Reason for absence not yet established' },
  { code: 'O', meaning: 'unauthorised', description: 'Absent in other or unknown circumstances' },
  { code: 'U', meaning: 'unauthorised', description: 'Arrived in school after the register closed' },
  { code: 'Z', meaning: 'not-counted', description: 'Prospective pupil not on admission register' },
  { code: '#', meaning: 'not-counted', description: 'Planned whole or partial school closure' },
];

export const ATTENDANCE_CODES: ReadonlyMap<string, AttendanceCode> = new Map(table.map((c) => [c.code, c]));

/** Codes that say the pupil arrived, on time or late; used to drop a pupil from the unexplained list. */
export const ARRIVED_CODES: ReadonlySet<string> = new Set(['/', '\\', 'L', 'U']);

/** Codes counted as unauthorised absence, e.g. for the penalty-notice threshold. */
export const UNAUTHORISED_CODES: ReadonlySet<string> = new Set(['G', 'N', 'O', 'U']);

export function isAttendanceCode(code: string): boolean {
  return ATTENDANCE_CODES.has(code);
}

export function codeMeaning(code: string): CodeMeaning {
  const found = ATTENDANCE_CODES.get(code);
  if (!found) throw new RangeError(`Unknown attendance code "${code}"`);
  return found.meaning;
}

/** Present in the session for statistics: present or an approved educational activity. */
export function countsAsAttending(code: string): boolean {
  const m = codeMeaning(code);
  return m === 'present' || m === 'approved-activity';
}

export function isPossibleSession(code: string): boolean {
  return codeMeaning(code) !== 'not-counted';
}
