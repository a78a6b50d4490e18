/**
 * One line of the audit log. Here rather than beside the table that stores it because the tab shows the
 * log too: the tab reads this shape without reaching into storage.
 */

/** Every read and change of case data: who, what, when, from where. Refusals are recorded too. */
export interface AuditEvent {
  urn: string;
  /** ISO instant. */
  at: string;
  actorId: string;
  actorName?: string;
  /** e.g. "case.read", "claim", "concern.raise", "import.apply", "access.denied". */
  action: string;
  pupilUpn?: string;
  /** Where from: "bot", "tab", "api", "job", "cli", plus the client address where there is one. */
  source: string;
  outcome: 'ok' | 'denied' | 'failed';
  detail?: string;
}
