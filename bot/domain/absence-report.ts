/** A message that explains an absence: a call, an email, the school app, a note. */
import type { Session } from './session-marks';

export type ReportMethod = 'phone' | 'email' | 'app' | 'text' | 'in-person' | 'letter';

export interface AbsenceReport {
  /** The MIS's or the school's id for the report; the same report imported twice is one report. */
  id: string;
  pupilUpn: string;
  /** Who reported it, e.g. "Mother (Mrs A Smith)". */
  reportedBy: string;
  /** When the school received it: ISO 8601 with offset. */
  receivedAt: string;
  method: ReportMethod;
  /** First and last session covered, inclusive. */
  fromDate: string;
  fromSession: Session;
  toDate: string;
  toSession: Session;
  reason: string;
  /** The register code the school expects to use, if the report suggests one. */
  suggestedCode?: string;
}

/** Does the report cover this session. */
export function reportCovers(report: AbsenceReport, date: string, session: Session): boolean {
  const key = `${date}${session === 'AM' ? 0 : 1}`;
  const from = `${report.fromDate}${report.fromSession === 'AM' ? 0 : 1}`;
  const to = `${report.toDate}${report.toSession === 'AM' ? 0 : 1}`;
  return from <= key && key <= to;
}
