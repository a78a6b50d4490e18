/**
 * An import's summary as the school reads it: one line for each thing the import touched (the server's
 * describeSummary says the same for the audit log, tersely).
 */
import type { ImportSummary } from '../../../bot/import/import-types';
import { formatDate } from '../ui';
import { kindLabel } from './kinds';

export interface SummaryLine {
  what: string;
  change: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function counts(c: { added: number; updated: number; unchanged: number; removed?: number }): string {
  return [`${c.added.toLocaleString('en-GB')} added`, `${c.updated.toLocaleString('en-GB')} updated`, ...(c.removed !== undefined ? [`${c.removed.toLocaleString('en-GB')} removed`] : []), `${c.unchanged.toLocaleString('en-GB')} unchanged`].join(', ');
}

export function summaryLines(s: ImportSummary): SummaryLine[] {
  const has = (...kinds: string[]) => s.files.some((f) => kinds.includes(f.kind));
  const lines: SummaryLine[] = [];
  for (const f of s.files) lines.push({ what: f.name, change: `${kindLabel(f.kind)}: ${plural(f.rows, 'row')} read` });
  if (s.staff) {
    lines.push({ what: 'Staff list', change: `${counts(s.staff)}${s.staff.left.length ? `; no longer on the list: ${s.staff.left.join(', ')}` : ''}` });
  }
  if (s.calendar) {
    const c = s.calendar;
    const years = c.academicYears.map((y) => `${y}/${String(y + 1).slice(2)}`).join(' and ');
    const holidays = c.bankHolidays.length ? `${plural(c.bankHolidays.length, 'bank holiday')} in term closed (${c.bankHolidays.map((h) => `${formatDate(h.date)}, ${h.title}`).join('; ')})` : 'no bank holiday falls in term';
    const known = c.bankHolidaysKnownTo ? `. Firstday knows bank holidays only up to ${formatDate(c.bankHolidaysKnownTo)}: add later ones to the calendar as closures` : '';
    lines.push({ what: `Calendar for ${years}`, change: `${plural(c.terms, 'term')}, ${plural(c.insetDays, 'INSET day')}, ${plural(c.closures, 'other closure day')}; ${holidays}${known}` });
  }
  if (has('pupils')) lines.push({ what: 'Pupils', change: counts(s.pupils) });
  if (has('contacts')) lines.push({ what: `Contacts of ${plural(s.contacts.pupils, 'pupil')}`, change: counts(s.contacts) });
  if (has('marks', 'lates')) {
    lines.push({
      what: 'Registers',
      change: `${plural(s.marks.marks, 'mark')} and ${plural(s.marks.lates, 'late arrival')} read; ${plural(s.marks.sessionsChanged, 'session')} changed in ${plural(s.marks.recordsWritten, "pupil's record", "pupils' records")}`,
    });
  }
  if (has('reports')) lines.push({ what: 'Absence reports', change: counts(s.reports) });
  if (s.figures) {
    const f = s.figures;
    const cases = [f.cases.opened && `${f.cases.opened} opened`, f.cases.reopened && `${f.cases.reopened} reopened`, f.cases.bandRecorded && `${f.cases.bandRecorded} moved to a lower band`].filter(Boolean);
    lines.push({
      what: 'Attendance figures',
      change: `worked out again for ${plural(f.pupils, 'pupil')} up to ${formatDate(f.asOf)}: ${f.crossings ? `${plural(f.crossings, 'pupil')} crossed a band` : 'no one crossed a band'}${cases.length ? `; Support First cases ${cases.join(', ')}` : ''}`,
    });
  }
  return lines;
}
