import { Columns, normaliseHeader, type ColumnSpec } from '../../bot/import/columns';
import { CONTACT_COLUMNS } from '../../bot/import/contacts-file';
import { CsvFile } from '../../bot/import/csv-reader';
import { LATE_COLUMNS } from '../../bot/import/lates-file';
import { MARK_COLUMNS } from '../../bot/import/marks-file';
import { Problems } from '../../bot/import/problems';
import { PUPIL_COLUMNS } from '../../bot/import/pupils-file';
import { REPORT_COLUMNS } from '../../bot/import/reports-file';

const specs = { upn: { name: 'UPN', required: true }, surname: { name: 'Legal Surname', aliases: ['Surname'], required: true }, form: { name: 'Form' } };

function match(header: string) {
  const problems = new Problems();
  const csv = CsvFile.read(Buffer.from(`${header}\r\nG1,Smith,9KH\r\n`), problems.forFile('p.csv'))!;
  const columns = Columns.match(csv, specs, problems.forFile('p.csv'));
  return { columns, problems, row: [...csv.rows()][0] };
}

test('headers match whatever their case, spacing and punctuation, and by the other names MIS exports use', () => {
  const { columns, row } = match(' upn ,SURNAME, form ');
  expect(columns!.get(row, 'upn')).toBe('G1');
  expect(columns!.get(row, 'surname')).toBe('Smith');
  expect(columns!.label('surname')).toBe('SURNAME');
  expect(normaliseHeader('Legal_Surname ')).toBe(normaliseHeader('legal surname'));
});

test('a missing required column is reported at the header with the columns the file does have', () => {
  const { columns, problems } = match('UPN,Forename,Form');
  expect(columns).toBeUndefined();
  expect(problems.list).toEqual([
    { file: 'p.csv', line: 1, field: 'Legal Surname', message: 'missing column "Legal Surname" (or "Surname"); the file\'s columns are "UPN", "Forename", "Form"' },
  ]);
});

test('a column given twice is reported rather than one copy silently winning', () => {
  const { columns, problems } = match('UPN,Surname,Legal Surname');
  expect(columns).toBeUndefined();
  expect(problems.list[0]).toMatchObject({ line: 1, field: 'Legal Surname', message: expect.stringContaining('"Surname" (column 2) and "Legal Surname" (column 3)') });
});

test.each([
  ['pupils', PUPIL_COLUMNS],
  ['contacts', CONTACT_COLUMNS],
  ['marks', MARK_COLUMNS],
  ['lates', LATE_COLUMNS],
  ['reports', REPORT_COLUMNS],
] as Array<[string, Record<string, ColumnSpec>]>)('no header name in the %s file means two different columns', (_kind, columns) => {
  const owner = new Map<string, string>();
  for (const [key, spec] of Object.entries(columns)) {
    for (const name of [spec.name, ...(spec.aliases ?? [])]) {
      const n = normaliseHeader(name);
      expect([n, owner.get(n) ?? key]).toEqual([n, key]);
      owner.set(n, key);
    }
  }
});
