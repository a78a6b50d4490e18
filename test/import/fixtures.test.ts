/** The corpus of bad files: each is refused with the located problem a school needs to fix it, and nothing is written. */
import type { ImportFile } from '../../bot/import/import-types';
import { SchoolImport } from '../../bot/import/school-import';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { DATA_TABLES, fixture, snapshot, testSchool, URN } from './support';

let storage: TestStorage;
let importer: SchoolImport;

beforeAll(async () => {
  storage = await startTestStorage();
  await storage.repos.schools.insert(testSchool());
  importer = new SchoolImport({ repos: storage.repos });
});
afterAll(() => storage.azurite.stop());

const pupils = () => fixture('pupils', 'pupils.csv');

const cases: Array<[string, () => ImportFile[], Array<{ file: string; line?: number; field?: string; message: string | RegExp }>]> = [
  ['a missing column', () => [fixture('pupils', 'bad/pupils-missing-column.csv')], [
    { file: 'pupils-missing-column.csv', line: 1, field: 'Form', message: /^missing column "Form" \(or "Reg Group", .*; the file's columns are "UPN", "Legal Surname", "Legal Forename", "Year Group"$/ },
  ]],
  ['an unknown attendance code', () => [pupils(), fixture('marks', 'bad/marks-unknown-code.csv')], [
    { file: 'marks-unknown-code.csv', line: 3, field: 'PM', message: /^unknown attendance code "H": H \(agreed holiday\) was withdrawn in August 2024/ },
  ]],
  ['a bad date', () => [pupils(), fixture('marks', 'bad/marks-bad-date.csv')], [
    { file: 'marks-bad-date.csv', line: 4, field: 'Date', message: '"31/02/2025" is not a real date' },
  ]],
  ['a duplicate UPN', () => [fixture('pupils', 'bad/pupils-duplicate-upn.csv')], [
    { file: 'pupils-duplicate-upn.csv', line: 4, field: 'UPN', message: 'duplicate UPN G938202510010: it is also on line 2' },
  ]],
  ['a bad UPN check letter', () => [fixture('pupils', 'bad/pupils-bad-check-letter.csv')], [
    { file: 'pupils-bad-check-letter.csv', line: 2, field: 'UPN', message: 'bad UPN check letter in "A938202510010": for these digits it should be G, not A' },
  ]],
  ['a contact for an unknown pupil', () => [pupils(), fixture('contacts', 'bad/contacts-unknown-pupil.csv')], [
    { file: 'contacts-unknown-pupil.csv', line: 3, field: 'UPN', message: /^no pupil with UPN J938202510050: they are not in this import's pupils file and not on roll at school 100001/ },
  ]],
  ['an empty file', () => [fixture('pupils', 'bad/empty.csv')], [{ file: 'empty.csv', message: 'the file is empty: it has no header row and no data' }]],
  ['a semicolon-separated file', () => [fixture('pupils', 'bad/pupils-semicolon.csv')], [
    { file: 'pupils-semicolon.csv', line: 1, message: 'the file is separated by semicolons, not commas: export it as "CSV (comma delimited)" or "CSV UTF-8"' },
  ]],
  ['a tab-separated file', () => [pupils(), fixture('marks', 'bad/marks-tab.csv')], [
    { file: 'marks-tab.csv', line: 1, message: /^the file is separated by tabs, not commas/ },
  ]],
  ['a name with an unquoted comma', () => [fixture('pupils', 'bad/pupils-unquoted-comma.csv')], [
    { file: 'pupils-unquoted-comma.csv', line: 3, message: /^the row has 6 values but the header has 5 columns: a value with a comma in it must be in double quotes$/ },
  ]],
  ['an unclosed quote', () => [fixture('pupils', 'bad/pupils-unclosed-quote.csv')], [
    { file: 'pupils-unclosed-quote.csv', line: 3, message: 'a double quote opened on this line is never closed' },
  ]],
  ['a mark in the lates register that is not a late', () => [pupils(), fixture('lates', 'bad/lates-not-late-code.csv')], [
    { file: 'lates-not-late-code.csv', line: 2, field: 'Mark', message: /^"N" is not a late mark: the lates register takes L .* or U/ },
  ]],
  ['a report with an unknown way of reporting', () => [pupils(), fixture('reports', 'bad/reports-bad-method.csv')], [
    { file: 'reports-bad-method.csv', line: 2, field: 'Method', message: '"pigeon" is not a way of reporting: write phone, email, app, text, in person or letter' },
  ]],
];

test.each(cases)('%s is refused with the located problem, and nothing is written', async (_name, files, expected) => {
  const before = await snapshot(storage.store, DATA_TABLES);
  const result = await importer.run({ urn: URN, files: files(), actor: 'test', source: 'test' });
  expect(result.status).toBe('rejected');
  if (result.status !== 'rejected') return;
  expect(result.errors).toEqual(
    expected.map((e) => ({ ...e, message: typeof e.message === 'string' ? e.message : expect.stringMatching(e.message) })),
  );
  expect(result.errorCount).toBe(expected.length);
  expect(await snapshot(storage.store, DATA_TABLES)).toEqual(before);
});

test('every problem in every file is reported in one pass, not just the first', async () => {
  const result = await importer.run({
    urn: URN,
    actor: 'test',
    source: 'test',
    files: [fixture('pupils', 'bad/pupils-duplicate-upn.csv'), fixture('marks', 'bad/marks-unknown-code.csv'), fixture('marks', 'bad/marks-bad-date.csv'), fixture('contacts', 'bad/contacts-unknown-pupil.csv')],
  });
  expect(result.status === 'rejected' && result.errors.map((e) => `${e.file}:${e.line}:${e.field}`)).toEqual([
    'pupils-duplicate-upn.csv:4:UPN',
    'contacts-unknown-pupil.csv:3:UPN',
    'marks-unknown-code.csv:3:PM',
    // The two marks files both give 1 and 2 September: each session twice.
    'marks-bad-date.csv:2:AM',
    'marks-bad-date.csv:2:PM',
    'marks-bad-date.csv:3:AM',
    'marks-bad-date.csv:4:Date',
  ]);
  expect(result.status === 'rejected' && result.errors[3].message).toBe('a second AM mark for G938202510010 on 2025-09-01: the first is on marks-unknown-code.csv line 2');
});

test('the messy but valid export (BOM, CRLF, quoted commas and quotes, accents, blank rows) is imported as written', async () => {
  const result = await importer.run({ urn: URN, files: [fixture('pupils', 'messy-pupils.csv')], actor: 'test', source: 'test' });
  expect(result).toMatchObject({ status: 'imported', summary: { files: [{ name: 'messy-pupils.csv', rows: 3 }], pupils: { added: 3 } } });
  const pupils = await storage.repos.pupils.list(URN);
  expect(pupils.map((p) => [p.upn, p.legalForename, p.legalSurname, p.preferredForename, p.form, p.yearGroup, p.dateOfBirth, p.sen])).toEqual([
    ['G938202510010', 'Zoë', "O'Brien-Nguyễn", 'Zoë "Zo"', '9KH', 9, '2011-03-14', 'none'],
    ['H938202510030', 'Amina', 'Begum', undefined, '7RB', 7, '2013-11-02', 'none'],
    ['V938202510020', 'Harry', 'Smith, Jr', undefined, '9KH, Mr Hall', 9, '2011-07-30', 'sen-support'],
  ]);
  expect(pupils[0].homeLanguage).toBe('Vietnamese,\r\nEnglish');
});
