/** The demo school's CSV files: the columns the import reads, and values that read back as the demo's records. */
import { demoFiles } from '../../bot/demo/demo-files';
import { generateDemoSchool } from '../../bot/demo/demo-school';
import { loadBankHolidays } from '../../bot/domain/bank-holidays';
import { knownBankHolidays } from '../../bot/import/known-bank-holidays';

const demo = generateDemoSchool({ today: '2026-03-11' });
const files = demoFiles(demo, knownBankHolidays());
const lines = (kind: string, rendered = files) => rendered.find((f) => f.kind === kind)!.content.toString('utf8').trimEnd().split('\r\n');

test('one file of each kind, headed with the columns docs/import.md names', () => {
  expect(files.map((f) => [f.kind, f.name])).toEqual([
    ['staff', 'staff.csv'],
    ['calendar', 'calendar.csv'],
    ['pupils', 'pupils.csv'],
    ['contacts', 'contacts.csv'],
    ['marks', 'marks.csv'],
    ['lates', 'lates.csv'],
    ['reports', 'reports.csv'],
  ]);
  expect(lines('staff')[0]).toBe('Sign-in Name,Display Name,Title,Roles,Year Groups,Entra Object ID');
  expect(lines('calendar')[0]).toBe('Kind,Name,Start,End');
  expect(lines('marks')[0]).toBe('UPN,Date,AM,PM');
  expect(lines('lates')[0]).toBe('UPN,Date,Session,Mark,Minutes Late');
});

test('staff with their roles in words and the year groups of heads of year', () => {
  const staff = lines('staff');
  expect(staff).toContain(`h.ashworth@oakfield.example,Helen Ashworth,Mrs Ashworth,Attendance lead,,${demo.school.staff[0].aadObjectId}`);
  expect(staff.find((l) => l.startsWith('r.green@'))).toMatch(/^r\.green@oakfield\.example,Rachel Green,Mrs Green,Head of year,9,/);
});

test('the calendar lists terms and INSET days, and leaves the bank holidays GOV.UK lists to the import', () => {
  const calendar = lines('calendar');
  expect(calendar.filter((l) => l.startsWith('Term,'))).toHaveLength(6);
  expect(calendar.filter((l) => l.startsWith('INSET,'))).toHaveLength(demo.insetDays.length);
  expect(calendar.some((l) => l.includes('2026-05-04'))).toBe(false);
  // Past the end of the known list, the demo's bank holidays are listed as closures.
  const to2025 = loadBankHolidays({ 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Christmas Day', date: '2025-12-25', notes: '', bunting: true }] } });
  expect(lines('calendar', demoFiles(demo, to2025))).toContain('Closure,Bank holiday,2026-05-04,');
});

test('a name with a comma or a quote is quoted as CSV needs', () => {
  const all = files.map((f) => f.content.toString('utf8')).join('\n');
  expect(all).toMatch(/"[^"\r\n]*,[^"\r\n]*"/);
});
