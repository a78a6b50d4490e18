/**
 * The staff list and the calendar, imported like any other file: the staff file replaces the list (a leaver is
 * gone and reported), the calendar replaces the terms and closures of the years it covers and closes the bank
 * holidays in term; every bad file is refused where it is wrong with nothing written; a check writes nothing.
 */
import { loadBankHolidays } from '../../bot/domain/bank-holidays';
import type { School, StaffMember } from '../../bot/domain/school';
import type { ImportFile } from '../../bot/import/import-types';
import { SchoolImport, type SchoolImportOptions } from '../../bot/import/school-import';
import type { Logger } from '../../bot/platform/logger';
import { createRepositories, type Repositories } from '../../bot/store/repositories';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { csvFile, fixture, snapshot, STORE_TABLES, testSchool } from './support';

let storage: TestStorage;
let urns = 300000;

beforeAll(async () => {
  storage = await startTestStorage();
});
afterAll(() => storage.azurite.stop());

/** A school with one officer whose Entra id Teams has told Firstday, and a term and closure from last year. */
function startingSchool(urn: string): School {
  const school = testSchool(urn);
  return {
    ...school,
    staff: [
      { upn: 'A.Officer@school.example', aadObjectId: '11111111-2222-4333-8444-555555555555', displayName: 'Ms Officer', roles: ['attendance-officer'] },
      { upn: 'l.leaver@school.example', displayName: 'Lee Leaver', title: 'Mr Leaver', roles: ['staff'] },
    ],
    terms: [{ name: 'Summer 2 2025', start: '2025-06-02', end: '2025-07-22' }, ...school.terms],
    closures: ['2025-06-27', '2025-10-24'],
  };
}

async function newSchool(): Promise<string> {
  const urn = String(urns++);
  await storage.repos.schools.insert(startingSchool(urn));
  return urn;
}

function run(urn: string, files: ImportFile[], options: Partial<SchoolImportOptions> & { checkOnly?: boolean } = {}) {
  const { checkOnly, ...rest } = options;
  return new SchoolImport({ repos: storage.repos, ...rest }).run({ urn, files, actor: 'a.officer@school.example', actorName: 'Ms Officer', source: 'test', ...(checkOnly ? { checkOnly } : {}) });
}

const school = async (urn: string) => (await storage.repos.schools.get(urn))!.value;

const STAFF_HEADER = 'Sign-in Name,Display Name,Title,Roles,Year Groups,Entra Object ID';
const staffFile = (...rows: string[]) => csvFile('staff', 'staff.csv', [STAFF_HEADER, ...rows]);
const calendarFile = (...rows: string[]) => csvFile('calendar', 'calendar.csv', ['Kind,Name,Start,End', ...rows]);
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('a staff file and a calendar land on the school: roles, titles and year groups; terms, INSET days, closures and the bank holiday in term', async () => {
  const urn = await newSchool();
  const result = await run(urn, [fixture('staff', 'staff.csv'), fixture('calendar', 'calendar.csv')]);
  expect(result).toMatchObject({
    status: 'imported',
    summary: {
      staff: { added: 3, updated: 1, unchanged: 0, left: ['l.leaver@school.example'] },
      calendar: { academicYears: [2025], terms: 6, insetDays: 2, closures: 1, bankHolidays: [{ date: '2026-05-04', title: 'Early May bank holiday' }] },
    },
  });
  if (result.status !== 'imported') return;
  expect(result.summary.calendar!.bankHolidaysKnownTo).toBeUndefined();

  const after = await school(urn);
  expect(after.staff).toEqual([
    { upn: 'h.ashworth@school.example', displayName: 'Helen Ashworth', title: 'Mrs Ashworth', roles: ['attendance-lead', 'dsl'] },
    // Known by sign-in name (whatever its case), so the Entra id Teams gave is kept when the file has none.
    { upn: 'a.officer@school.example', aadObjectId: '11111111-2222-4333-8444-555555555555', displayName: 'Anna Officer', title: 'Ms Officer', roles: ['attendance-officer'] },
    { upn: 'g.thompson@school.example', aadObjectId: '0f8fad5b-d9cb-469f-a165-70867728950e', displayName: 'Grace Thompson', title: 'Miss Thompson', roles: ['head-of-year'], yearGroups: [7, 8] },
    { upn: 'j.whitfield@school.example', displayName: 'James Whitfield', title: 'Mr Whitfield', roles: ['staff'] },
  ]);
  // 2025/26 is replaced; last year's summer term and its closure stay.
  expect(after.terms.map((t) => [t.name, t.start, t.end])).toEqual([
    ['Summer 2 2025', '2025-06-02', '2025-07-22'],
    ['Autumn 1', '2025-09-03', '2025-10-24'],
    ['Autumn 2', '2025-11-03', '2025-12-19'],
    ['Spring 1', '2026-01-05', '2026-02-13'],
    ['Spring 2', '2026-02-23', '2026-03-27'],
    ['Summer 1', '2026-04-13', '2026-05-22'],
    ['Summer 2', '2026-06-01', '2026-07-21'],
  ]);
  expect(after.closures).toEqual(['2025-06-27', '2025-09-03', '2025-10-24', '2026-05-04', '2026-05-07']);
  // Nothing else about the school changed.
  const { staff: _s, terms: _t, closures: _c, ...rest } = after;
  const { staff: _s0, terms: _t0, closures: _c0, ...restBefore } = startingSchool(urn);
  expect(rest).toEqual(restBefore);

  const audit = (await storage.repos.audit.recent(urn))[0];
  expect(audit).toMatchObject({ action: 'import.apply', outcome: 'ok' });
  expect(audit.detail).toContain('staff: 3 added, 1 updated, 0 unchanged, 1 left (l.leaver@school.example)');
  expect(audit.detail).toContain('calendar for 2025/26: 6 terms, 2 INSET days, 1 other closure days, 1 bank holiday in term closed (2026-05-04)');
});

test('a new staff list replaces the old: whoever is not on it has left, is reported, and is handed to onStaffReplaced once the list is written', async () => {
  const urn = await newSchool();
  const left: Array<{ urn: string; leavers: StaffMember[]; staffThen: string[] }> = [];
  const onStaffReplaced = async (u: string, leavers: StaffMember[]) => {
    left.push({ urn: u, leavers, staffThen: (await school(u)).staff.map((s) => s.upn) });
  };
  const first = await run(urn, [fixture('staff', 'staff.csv')], { onStaffReplaced });
  expect(first).toMatchObject({ status: 'imported', summary: { staff: { left: ['l.leaver@school.example'] } } });
  expect(left).toEqual([{ urn, leavers: [startingSchool(urn).staff[1]], staffThen: expect.not.arrayContaining(['l.leaver@school.example']) }]);

  // Grace leaves; James becomes a deputy DSL.
  const second = await run(
    urn,
    [
      staffFile(
        'h.ashworth@school.example,Helen Ashworth,Mrs Ashworth,Attendance lead|DSL,,',
        'a.officer@school.example,Anna Officer,Ms Officer,Attendance officer,,',
        'j.whitfield@school.example,James Whitfield,Mr Whitfield,Deputy DSL,,',
      ),
    ],
    { onStaffReplaced },
  );
  expect(second).toMatchObject({ status: 'imported', summary: { staff: { added: 0, updated: 1, unchanged: 2, left: ['g.thompson@school.example'] } } });
  expect((await school(urn)).staff.map((s) => [s.upn, s.roles])).toEqual([
    ['h.ashworth@school.example', ['attendance-lead', 'dsl']],
    ['a.officer@school.example', ['attendance-officer']],
    ['j.whitfield@school.example', ['deputy-dsl']],
  ]);
  expect(left[1].leavers.map((s) => [s.upn, s.aadObjectId])).toEqual([['g.thompson@school.example', '0f8fad5b-d9cb-469f-a165-70867728950e']]);
});

test('onStaffReplaced failing is logged; the import stands', async () => {
  const urn = await newSchool();
  const errors: string[] = [];
  const logger: Logger = { ...silent, error: (message) => errors.push(message) };
  const result = await run(urn, [fixture('staff', 'staff.csv')], {
    logger,
    onStaffReplaced: async () => {
      throw new Error('Teams is unreachable');
    },
  });
  expect(result.status).toBe('imported');
  expect((await school(urn)).staff).toHaveLength(4);
  expect(errors).toEqual(['Handing back what staff who left held failed; the import stands']);
});

const LEAD = 'h.ashworth@school.example,Helen Ashworth,Mrs Ashworth,Attendance lead,,';

const badStaff: Array<[string, ImportFile, Array<{ line?: number; field?: string; message: string | RegExp }>]> = [
  ['an unknown role', staffFile(LEAD, 'j.whitfield@school.example,James Whitfield,,Staff; Caretaker,,'), [
    { line: 3, field: 'Roles', message: '"Caretaker" is not a role Firstday knows: use Attendance lead, Attendance officer, DSL, Deputy DSL, Head of year, Staff, separated by ; or |' },
  ]],
  ['a year group out of range', staffFile(LEAD, 'g.thompson@school.example,Grace Thompson,,Head of year,7; 14,'), [
    { line: 3, field: 'Year Groups', message: '"14" is out of range: a head of year looks after Reception (R) to Year 13' },
  ]],
  ['a head of year with no year groups', staffFile(LEAD, 'g.thompson@school.example,Grace Thompson,,Head of year,,'), [
    { line: 3, field: 'Year Groups', message: 'a head of year needs the year groups they look after in "Year Groups", e.g. 7 or 10; 11' },
  ]],
  ['year groups for someone who is not a head of year', staffFile(LEAD, 'j.whitfield@school.example,James Whitfield,,Staff,7,'), [
    { line: 3, field: 'Year Groups', message: 'year groups are for heads of year: add "Head of year" to their roles, or leave "Year Groups" blank' },
  ]],
  ['a sign-in name given twice', staffFile(LEAD, 'j.whitfield@school.example,James Whitfield,,Staff,,', 'J.Whitfield@school.example,Jim Whitfield,,Staff,,'), [
    { line: 4, field: 'Sign-in Name', message: 'J.Whitfield@school.example is listed twice: it was first on line 3' },
  ]],
  ['a sign-in name that is not name@domain', staffFile(LEAD, 'jwhitfield,James Whitfield,,Staff,,'), [
    { line: 3, field: 'Sign-in Name', message: '"jwhitfield" is not a sign-in name: write it as name@domain, e.g. h.ashworth@school.example' },
  ]],
  ['a missing display name', staffFile(LEAD, 'j.whitfield@school.example,,,Staff,,'), [{ line: 3, field: 'Display Name', message: '"Display Name" is empty' }]],
  ['a bad Entra object id', staffFile(LEAD, 'j.whitfield@school.example,James Whitfield,,Staff,,12345'), [
    { line: 3, field: 'Entra Object ID', message: /^"12345" is not an Entra object id/ },
  ]],
  ['a list with no attendance lead or officer', staffFile('d.okafor@school.example,Daniel Okafor,Mr Okafor,DSL,,', 'j.whitfield@school.example,James Whitfield,,Staff,,'), [
    { message: /^the staff list has no attendance lead or attendance officer: a school must keep at least one/ },
  ]],
];

test.each(badStaff)('a staff file with %s is refused where it is wrong, and nothing is written', async (_name, file, expected) => {
  const urn = await newSchool();
  const before = await snapshot(storage.store, STORE_TABLES, urn);
  const result = await run(urn, [file, fixture('calendar', 'calendar.csv')]);
  expect(result).toEqual({
    status: 'rejected',
    errorCount: expected.length,
    errors: expected.map((e) => ({ file: 'staff.csv', ...e, message: typeof e.message === 'string' ? e.message : expect.stringMatching(e.message) })),
  });
  expect(await snapshot(storage.store, STORE_TABLES, urn)).toEqual(before);
});

const TERMS = ['Term,Autumn 1,2025-09-03,2025-10-24', 'Term,Autumn 2,2025-11-03,2025-12-19'];

const badCalendar: Array<[string, ImportFile, Array<{ line?: number; field?: string; message: string }>]> = [
  ['overlapping terms', calendarFile(...TERMS, 'Term,Autumn 2b,2025-12-15,2025-12-23'), [
    { line: 4, field: 'Start', message: 'term "Autumn 2b" (2025-12-15 to 2025-12-23) overlaps term "Autumn 2" (2025-11-03 to 2025-12-19) on line 3' },
  ]],
  ['a closure outside every term', calendarFile(...TERMS, 'INSET,Training,2025-10-27,'), [
    { line: 4, field: 'Start', message: 'the INSET day "Training" on 2025-10-27 is not inside any term in the calendar: closures are school days in term' },
  ]],
  ['a date that does not exist', calendarFile(...TERMS, 'Closure,Snow,2026-02-30,'), [{ line: 4, field: 'Start', message: '"2026-02-30" is not a real date' }]],
  ['an end before the start', calendarFile(...TERMS, 'Term,Spring 1,2026-02-13,2026-01-05'), [
    { line: 4, field: 'End', message: 'the term ends (2026-01-05) before it starts (2026-02-13)' },
  ]],
  ['an unknown kind', calendarFile(...TERMS, 'Holiday,Half term,2025-10-27,2025-10-31'), [
    { line: 4, field: 'Kind', message: '"Holiday" is not a kind of calendar entry: write term, INSET or closure' },
  ]],
  ['a term across two academic years', calendarFile('Term,Summer,2026-06-01,2026-08-14'), [
    { line: 2, field: 'End', message: 'a term lies within one academic year (1 August to 31 July): this one runs from 2026-06-01 to 2026-08-14' },
  ]],
  ['an INSET day on a Saturday', calendarFile(...TERMS, 'INSET,Training,2025-09-06,'), [
    { line: 4, field: 'Start', message: '2025-09-06 is a Saturday: an INSET day closes a school day' },
  ]],
  ['a term without a name', calendarFile(...TERMS, 'Term,,2026-01-05,2026-02-13'), [
    { line: 4, field: 'Name', message: '"Name" is empty: a term needs a name, e.g. Autumn 1' },
  ]],
  ['no terms at all', calendarFile('INSET,Training,2025-09-03,'), [
    { message: 'the calendar has no terms: give each term as a row of kind "term", with its INSET days and closures inside them' },
  ]],
];

test.each(badCalendar)('a calendar with %s is refused where it is wrong, and nothing is written', async (_name, file, expected) => {
  const urn = await newSchool();
  const before = await snapshot(storage.store, STORE_TABLES, urn);
  const result = await run(urn, [fixture('staff', 'staff.csv'), file]);
  expect(result).toEqual({ status: 'rejected', errorCount: expected.length, errors: expected.map((e) => ({ file: 'calendar.csv', ...e })) });
  expect(await snapshot(storage.store, STORE_TABLES, urn)).toEqual(before);
});

test('bank holidays on weekdays in term are closed without being listed; a term past the known list says so', async () => {
  const urn = await newSchool();
  // Good Friday and Easter Monday in a term that runs through Easter; the late May bank holiday in half-term is not closed.
  const result = await run(urn, [calendarFile('Term,Spring 2,2026-02-23,2026-04-10', 'Term,Summer 1,2026-04-13,2026-05-22')]);
  expect(result).toMatchObject({
    status: 'imported',
    summary: { calendar: { bankHolidays: [{ date: '2026-04-03', title: 'Good Friday' }, { date: '2026-04-06', title: 'Easter Monday' }, { date: '2026-05-04', title: 'Early May bank holiday' }] } },
  });
  expect((await school(urn)).closures).toEqual(['2025-06-27', '2026-04-03', '2026-04-06', '2026-05-04']);

  // With a list that stops at 2025, a 2026 term is imported with a note to list its bank holidays as closures.
  const holidays2025 = loadBankHolidays({ 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Christmas Day', date: '2025-12-25', notes: '', bunting: true }] } });
  const other = await newSchool();
  const noted = await new SchoolImport({ repos: storage.repos, bankHolidays: holidays2025 }).run({
    urn: other,
    files: [calendarFile('Term,Autumn 2,2025-11-03,2025-12-19', 'Term,Spring 1,2026-01-05,2026-02-13')],
    actor: 'test',
    source: 'test',
  });
  expect(noted).toMatchObject({ status: 'imported', summary: { calendar: { bankHolidays: [], bankHolidaysKnownTo: '2025-12-31' } } });
  expect((await storage.repos.audit.recent(other))[0].detail).toContain('Firstday knows bank holidays only to 2025-12-31: list later ones as closures');
});

test('a settings change made while the import was being checked fails it cleanly: rolled back, nothing of it kept', async () => {
  const urn = await newSchool();
  // The lead saves Settings between the import reading the school and writing it.
  const racing: Repositories = createRepositories(storage.store);
  const replace = racing.schools.replace.bind(racing.schools);
  racing.schools.replace = async (value, etag) => {
    const now = (await storage.repos.schools.get(urn))!;
    await storage.repos.schools.replace({ ...now.value, registerCloseTime: '09:20' }, now.etag);
    return replace(value, etag);
  };
  const result = await new SchoolImport({ repos: racing }).run({ urn, files: [fixture('staff', 'staff.csv'), fixture('pupils', 'pupils.csv')], actor: 'test', source: 'test' });
  expect(result).toMatchObject({ status: 'failed', rolledBack: true });
  const after = await school(urn);
  expect(after).toEqual({ ...startingSchool(urn), registerCloseTime: '09:20' });
  expect(await storage.repos.pupils.list(urn)).toEqual([]);
  expect(await new SchoolImport({ repos: storage.repos }).run({ urn, files: [fixture('staff', 'staff.csv')], actor: 'test', source: 'test' })).toMatchObject({ status: 'imported' });
});

test('a failure later in the write puts the staff list and calendar back as they were', async () => {
  const urn = await newSchool();
  const faulty = createRepositories(storage.store);
  faulty.pupils.table.upsertMany = async () => {
    throw new Error('storage unavailable');
  };
  const before = await snapshot(storage.store, ['pupils', 'importjournal'], urn);
  const result = await new SchoolImport({ repos: faulty }).run({
    urn,
    files: [fixture('staff', 'staff.csv'), fixture('calendar', 'calendar.csv'), fixture('pupils', 'pupils.csv')],
    actor: 'test',
    source: 'test',
  });
  expect(result).toMatchObject({ status: 'failed', rolledBack: true, message: expect.stringContaining('storage unavailable') });
  expect(await school(urn)).toEqual(startingSchool(urn));
  expect(await snapshot(storage.store, ['pupils', 'importjournal'], urn)).toEqual(before);
});

test('check only reads and checks every file and writes nothing: no hold, no journal, no data; an audit entry says it was checked', async () => {
  const urn = await newSchool();
  const files = [fixture('staff', 'staff.csv'), fixture('calendar', 'calendar.csv'), fixture('pupils', 'pupils.csv'), fixture('marks', 'marks.csv')];
  const before = await snapshot(storage.store, STORE_TABLES, urn);
  const checked = await run(urn, files, { checkOnly: true });
  expect(checked).toEqual({
    status: 'checked',
    files: [
      { kind: 'staff', name: 'staff.csv', bytes: files[0].content.length, rows: 4 },
      { kind: 'calendar', name: 'calendar.csv', bytes: files[1].content.length, rows: 9 },
      { kind: 'pupils', name: 'pupils.csv', bytes: files[2].content.length, rows: 4 },
      { kind: 'marks', name: 'marks.csv', bytes: files[3].content.length, rows: 6 },
    ],
  });
  expect(await snapshot(storage.store, STORE_TABLES, urn)).toEqual(before);
  expect((await storage.repos.audit.recent(urn))[0]).toMatchObject({ action: 'import.check', outcome: 'ok', detail: expect.stringMatching(/^checked staff.csv \(staff, 4 rows\), .*: no problems$/) });

  const bad = await run(urn, [staffFile('jwhitfield,James Whitfield,,Staff,,')], { checkOnly: true });
  expect(bad).toMatchObject({ status: 'rejected', errorCount: 1, errors: [{ file: 'staff.csv', line: 2, field: 'Sign-in Name' }] });
  expect((await storage.repos.audit.recent(urn))[0]).toMatchObject({ action: 'import.check', outcome: 'failed' });
  expect(await snapshot(storage.store, STORE_TABLES, urn)).toEqual(before);

  // The check does not wait for, or stand in the way of, an import being written.
  const holder = await run(urn, files);
  expect(holder.status).toBe('imported');
});

test('a new calendar refigures every pupil on roll (it changes the days that count); a staff list alone refigures nobody', async () => {
  const urn = await newSchool();
  await run(urn, [fixture('pupils', 'pupils.csv'), fixture('marks', 'marks.csv')]);
  const calendar = await run(urn, [fixture('calendar', 'calendar.csv')]);
  expect(calendar).toMatchObject({ status: 'imported', summary: { figures: { pupils: 4 } } });
  const staff = await run(urn, [fixture('staff', 'staff.csv')]);
  expect(staff.status).toBe('imported');
  if (staff.status === 'imported') expect(staff.summary.figures).toBeUndefined();
});
