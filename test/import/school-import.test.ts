import { contactsInCallOrder } from '../../bot/domain/pupil';
import { markAt, marksOf } from '../../bot/domain/session-marks';
import { ImportJournalRepository } from '../../bot/import/import-journal-repository';
import type { ImportFile } from '../../bot/import/import-types';
import { LEASE_TTL_MS, SchoolImport } from '../../bot/import/school-import';
import { createRepositories, type Repositories } from '../../bot/store/repositories';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { contentOf, csvFile, fixture, snapshot, STORE_TABLES, testSchool, upnFor } from './support';

let storage: TestStorage;
let urns = 200000;

beforeAll(async () => {
  storage = await startTestStorage();
});
afterAll(() => storage.azurite.stop());

/** A fresh school per test: tests share one Azurite but never one partition. */
async function newSchool(): Promise<string> {
  const urn = String(urns++);
  await storage.repos.schools.insert(testSchool(urn));
  return urn;
}

const allFixtures = (): ImportFile[] => [
  fixture('pupils', 'pupils.csv'),
  fixture('contacts', 'contacts.csv'),
  fixture('marks', 'marks.csv'),
  fixture('marks', 'marks-per-session.csv'),
  fixture('lates', 'lates.csv'),
  fixture('reports', 'reports.csv'),
];

function run(urn: string, files: ImportFile[], repos: Repositories = storage.repos, now?: () => Date) {
  return new SchoolImport({ repos, ...(now ? { now } : {}) }).run({ urn, files, actor: 'a.officer@school.example', actorName: 'Ms Officer', source: 'test' });
}

/** Repositories over the same storage whose table writes can be made to fail: the fault a test injects. */
function faultyRepos(): Repositories {
  return createRepositories(storage.store);
}

test('a full set of files lands as the school wrote it: pupils, contacts, marks with lates laid over them, reports', async () => {
  const urn = await newSchool();
  const result = await run(urn, allFixtures());
  expect(result).toMatchObject({
    status: 'imported',
    summary: {
      pupils: { added: 4, updated: 0, unchanged: 0 },
      contacts: { pupils: 3, added: 5, removed: 0 },
      marks: { marks: 14, lates: 2, recordsWritten: 4 },
      reports: { added: 2 },
    },
  });
  const harry = (await storage.repos.pupils.get(urn, 'V938202510020'))!.value;
  expect(harry).toMatchObject({ preferredForename: 'Haz', sen: 'sen-support', childProtectionPlan: true, socialWorker: { name: 'Sam Patel', role: 'Social worker', phone: '020 7946 0000' } });
  const amina = (await storage.repos.pupils.get(urn, 'H938202510030'))!.value;
  expect(amina).toMatchObject({ yearGroup: 7, sen: 'ehcp', childInNeed: true, lookedAfter: true, youngCarer: true, admissionDate: '2025-09-01' });
  expect((await storage.repos.pupils.get(urn, 'W938202510040'))!.value).toMatchObject({ yearGroup: 0, form: 'RWL', sen: 'none', lookedAfter: false });

  expect(contactsInCallOrder(await storage.repos.contacts.forPupil(urn, 'V938202510020')).map((c) => [c.name, c.phones, c.preferredMethod])).toEqual([
    ['Smith, Karen', [{ label: 'mobile', number: '07700 900200' }, { label: 'home', number: '020 7946 0001' }], 'text'],
    ['Grandad Joe', [{ label: 'mobile', number: '+44 7700 900201' }], undefined],
  ]);

  // Harry's morning late comes from the lates register with its minutes; Amina's N becomes U: she signed in
  // at 09:35, after the 09:10 close, and the lates file left the mark for the import to decide.
  const harryMarks = (await storage.repos.marks.get(urn, 2025, 'V938202510020'))!.value;
  expect([...marksOf(harryMarks)].slice(0, 2)).toEqual([
    { upn: 'V938202510020', date: '2025-09-01', session: 'AM', code: 'L', minutesLate: 10 },
    { upn: 'V938202510020', date: '2025-09-01', session: 'PM', code: '\\' },
  ]);
  const aminaMarks = (await storage.repos.marks.get(urn, 2025, 'H938202510030'))!.value;
  expect([...marksOf(aminaMarks)]).toEqual([
    { upn: 'H938202510030', date: '2025-09-01', session: 'AM', code: '/' },
    { upn: 'H938202510030', date: '2025-09-02', session: 'AM', code: 'U', minutesLate: 35 },
  ]);
  const jan = (await storage.repos.marks.get(urn, 2025, 'W938202510040'))!.value;
  expect([markAt(jan, '2025-09-02', 'AM'), markAt(jan, '2025-09-02', 'PM')]).toEqual(['C1', 'Y3']);

  expect(await storage.repos.absenceReports.forDate(urn, '2025-09-03')).toEqual([
    {
      id: 'R-0001',
      pupilUpn: 'V938202510020',
      reportedBy: 'Mother (Mrs K Smith)',
      receivedAt: '2025-09-02T08:05:00+01:00',
      method: 'phone',
      fromDate: '2025-09-02',
      fromSession: 'AM',
      toDate: '2025-09-03',
      toSession: 'PM',
      reason: 'Temperature, staying home for two days',
      suggestedCode: 'I',
    },
  ]);
  const zoeReport = (await storage.repos.absenceReports.list(urn)).find((r) => r.id === 'R-0002')!;
  expect(zoeReport).toMatchObject({ receivedAt: '2025-09-02T08:45:00+01:00', toDate: '2025-09-02', fromSession: 'AM', toSession: 'PM', suggestedCode: 'M' });

  expect(await storage.repos.audit.recent(urn)).toEqual([
    expect.objectContaining({ action: 'import.apply', outcome: 'ok', actorId: 'a.officer@school.example', actorName: 'Ms Officer', source: 'test', detail: expect.stringMatching(/pupils: 4 added/) }),
  ]);
});

test('the same files imported twice: the second run says so and changes nothing, not even an ETag', async () => {
  const urn = await newSchool();
  const first = await run(urn, allFixtures());
  expect(first.status).toBe('imported');
  const before = await snapshot(storage.store, [...STORE_TABLES, 'audit'], urn);
  // Same contents, other names and order: the same import.
  const again = await run(urn, allFixtures().reverse().map((f) => ({ ...f, name: `copy-of-${f.name}` })));
  expect(again).toMatchObject({ status: 'already-imported', importId: first.status === 'imported' && first.importId, importedBy: 'Ms Officer' });
  expect(await snapshot(storage.store, [...STORE_TABLES, 'audit'], urn)).toEqual(before);
});

test('files that fail at their very last row leave the store exactly as it was', async () => {
  const urn = await newSchool();
  expect((await run(urn, allFixtures())).status).toBe('imported');
  const before = await snapshot(storage.store, STORE_TABLES, urn);
  const rows = ['UPN,Date,AM,PM'];
  for (let day = 1; day <= 30; day++) {
    for (const upn of ['G938202510010', 'V938202510020', 'H938202510030']) rows.push(`${upn},${String(day).padStart(2, '0')}/10/2025,N,N`);
  }
  rows.push('W938202510040,31/10/2025,/,Q?');
  const result = await run(urn, [fixture('pupils', 'pupils.csv'), csvFile('marks', 'october.csv', rows)]);
  expect(result).toEqual({
    status: 'rejected',
    errorCount: 1,
    errors: [{ file: 'october.csv', line: 92, field: 'PM', message: expect.stringMatching(/^unknown attendance code "Q\?"/) }],
  });
  expect(await snapshot(storage.store, STORE_TABLES, urn)).toEqual(before);
  expect((await storage.repos.audit.recent(urn))[0]).toMatchObject({ action: 'import.apply', outcome: 'failed', detail: expect.stringMatching(/^rejected with 1 problem; the first: october.csv, line 92, PM/) });
});

/** A second import that changes every table: pupils, contacts (one removed), marks, reports. */
function updateFiles(): ImportFile[] {
  return [
    csvFile('pupils', 'pupils-v2.csv', ['UPN,Legal Surname,Legal Forename,Year Group,Form', "G938202510010,O'Brien-Nguyễn,Zoë,10,10KH", `${upnFor(77)},New,Pupil,7,7RB`]),
    csvFile('contacts', 'contacts-v2.csv', ['UPN,Contact ID,Priority,Name,Relationship,Mobile Phone', 'G938202510010,C100,1,Linh Nguyễn,Mother,07700 900999']),
    csvFile('marks', 'marks-v2.csv', ['UPN,Date,AM,PM', 'G938202510010,02/09/2025,I,I', `${upnFor(77)},02/09/2025,/,\\`]),
    csvFile('reports', 'reports-v2.csv', ['Report ID,UPN,Reported By,Received At,Method,From Date,Reason', 'R-0001,V938202510020,Mother,02/09/2025 08:05,Phone,02/09/2025,Temperature (updated)']),
  ];
}

test('a failure while writing is rolled back: every table is put back as it was and the journal forgets the run', async () => {
  const urn = await newSchool();
  expect((await run(urn, allFixtures())).status).toBe('imported');
  const before = await snapshot(storage.store, STORE_TABLES, urn);

  // Pupils, contacts and marks are written, then the reports write dies half-way (once: the store comes back).
  const repos = faultyRepos();
  const upsert = repos.absenceReports.table.upsertMany.bind(repos.absenceReports.table);
  let failed = false;
  repos.absenceReports.table.upsertMany = async (values) => {
    if (failed) return upsert(values);
    failed = true;
    await upsert(values.slice(0, Math.ceil(values.length / 2)));
    throw new Error('storage went away');
  };
  const result = await run(urn, updateFiles(), repos);
  expect(result).toMatchObject({ status: 'failed', rolledBack: true, message: 'writing the import failed and nothing was kept: storage went away' });
  expect(contentOf(await snapshot(storage.store, STORE_TABLES, urn))).toEqual(contentOf(before));
  expect((await storage.repos.audit.recent(urn))[0]).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/storage went away/) });

  // Nothing remembers the failed run: the same files import normally.
  const retry = await run(urn, updateFiles());
  expect(retry).toMatchObject({ status: 'imported', summary: { pupils: { added: 1, updated: 1 }, contacts: { updated: 1, removed: 1 }, reports: { updated: 1 } } });
  expect((await storage.repos.contacts.forPupil(urn, 'G938202510010')).map((c) => c.contactId)).toEqual(['C100']);
  expect((await storage.repos.contacts.forPupil(urn, 'V938202510020')).map((c) => c.contactId)).toEqual(['C200', 'C201']);
});

test('a failure part-way through the marks is rolled back too, removing the mark records the import had created', async () => {
  const urn = await newSchool();
  expect((await run(urn, [fixture('pupils', 'pupils.csv')])).status).toBe('imported');
  const before = await snapshot(storage.store, STORE_TABLES, urn);
  const repos = faultyRepos();
  const upsert = repos.marks.table.upsertMany.bind(repos.marks.table);
  let failed = false;
  repos.marks.table.upsertMany = async (values) => {
    if (failed) return upsert(values);
    failed = true;
    await upsert(values.slice(0, 2));
    throw new Error('503 Server Busy');
  };
  const result = await run(urn, [fixture('marks', 'marks.csv'), fixture('reports', 'reports.csv')], repos);
  expect(result).toMatchObject({ status: 'failed', rolledBack: true });
  expect(contentOf(await snapshot(storage.store, STORE_TABLES, urn))).toEqual(contentOf(before));
  expect(await storage.repos.marks.listYear(urn, 2025)).toEqual([]);
});

test('a run that stopped part-way, unable even to roll back, completes when the same files are run again', async () => {
  const urn = await newSchool();
  expect((await run(urn, allFixtures())).status).toBe('imported');
  const repos = faultyRepos();
  repos.absenceReports.table.upsertMany = async () => {
    throw new Error('connection reset');
  };
  // The roll-back of the pupils fails as well: the store is left half-written.
  const pupilsUpsert = repos.pupils.table.upsertMany.bind(repos.pupils.table);
  let pupilWrites = 0;
  repos.pupils.table.upsertMany = async (values) => {
    if (++pupilWrites > 1) throw new Error('still down');
    await pupilsUpsert(values);
  };
  const broken = await run(urn, updateFiles(), repos);
  expect(broken).toMatchObject({ status: 'failed', rolledBack: false, message: expect.stringMatching(/run the same import again to complete it$/) });
  const journal = new ImportJournalRepository({ store: storage.store });
  expect((await journal.list(urn)).map((e) => e.status)).toEqual(['applying', 'applied']);

  const completed = await run(urn, updateFiles());
  expect(completed.status).toBe('imported');
  expect((await journal.list(urn)).map((e) => e.status)).toEqual(['applied', 'applied']);

  // The result is what one clean run of both imports gives.
  const clean = await newSchool();
  await run(clean, allFixtures());
  await run(clean, updateFiles());
  const content = async (u: string) => contentOf(await snapshot(storage.store, ['pupils', 'contacts', 'marks', 'absencereports'], u)).map((r) => ({ ...r, partitionKey: r.partitionKey.replace(u, 'URN'), json: r.json.replace(`"urn":"${u}"`, '') }));
  expect(await content(urn)).toEqual(await content(clean));
});

test('while another run holds the school, an import is turned away; once that run\'s hold lapses, it goes ahead', async () => {
  const urn = await newSchool();
  const journal = new ImportJournalRepository({ store: storage.store });
  const now = new Date('2025-09-02T08:00:00Z');
  // A run that died holding the lease.
  const held = await journal.acquireLease(
    { urn, runId: 'dead-run', importId: 'x', actorId: 'cli:office', actorName: 'office', source: 'cli', startedAt: now.toISOString(), expiresAt: new Date(now.getTime() + LEASE_TTL_MS).toISOString() },
    now,
  );
  expect(held.acquired).toBe(true);
  const before = await snapshot(storage.store, STORE_TABLES, urn);
  const busy = await run(urn, [fixture('pupils', 'pupils.csv')], storage.repos, () => new Date(now.getTime() + 30_000));
  expect(busy).toEqual({ status: 'busy', message: `Another import for school ${urn} is being written (started at 09:00 by office via cli). Nothing was written: try again after 09:02.` });
  expect(await snapshot(storage.store, STORE_TABLES, urn)).toEqual(before);

  const later = await run(urn, [fixture('pupils', 'pupils.csv')], storage.repos, () => new Date(now.getTime() + LEASE_TTL_MS + 1000));
  expect(later.status).toBe('imported');
  expect(await journal.currentLease(urn)).toBeUndefined();
});

test('two imports started together for one school: one writes, the other is turned away to try again', async () => {
  const urn = await newSchool();
  await run(urn, [fixture('pupils', 'pupils.csv')]);
  const results = await Promise.all([run(urn, [fixture('marks', 'marks.csv')]), run(urn, [fixture('lates', 'lates.csv')])]);
  expect(results.map((r) => r.status).sort()).toEqual(['busy', 'imported']);
});

test('a pupils file without some columns leaves what is stored for them alone', async () => {
  const urn = await newSchool();
  await run(urn, allFixtures());
  const result = await run(urn, [csvFile('pupils', 'roll.csv', ['UPN,Surname,Forename,Year,Reg Group', 'V938202510020,Smith,Harry,10,10KH'])]);
  expect(result).toMatchObject({ status: 'imported', summary: { pupils: { updated: 1 } } });
  expect((await storage.repos.pupils.get(urn, 'V938202510020'))!.value).toMatchObject({
    yearGroup: 10,
    form: '10KH',
    preferredForename: 'Haz',
    socialWorker: { name: 'Sam Patel' },
    childProtectionPlan: true,
  });
});

test('contacts, marks and reports may be for pupils already on roll, with no pupils file in the import', async () => {
  const urn = await newSchool();
  await run(urn, [fixture('pupils', 'pupils.csv')]);
  const result = await run(urn, [fixture('contacts', 'contacts.csv'), fixture('marks', 'marks.csv'), fixture('reports', 'reports.csv')]);
  expect(result).toMatchObject({ status: 'imported', summary: { contacts: { added: 5 }, marks: { marks: 10 }, reports: { added: 2 } } });
});

test('an unknown school is said plainly, and nothing is written', async () => {
  const before = await snapshot(storage.store, STORE_TABLES, '999999');
  const result = await run('999999', [fixture('pupils', 'pupils.csv')]);
  expect(result).toEqual({ status: 'unknown-school', urn: '999999', message: expect.stringMatching(/^There is no school with URN 999999 in Firstday\./) });
  expect(await snapshot(storage.store, STORE_TABLES, '999999')).toEqual(before);
});

test('problems are collected across the file up to a hundred, and all are counted', async () => {
  const urn = await newSchool();
  const rows = ['UPN,Date,AM,PM'];
  for (let day = 1; day <= 75; day++) rows.push(`G938202510010,${addDaysUk(day)},X?,Q?`);
  const result = await run(urn, [fixture('pupils', 'pupils.csv'), csvFile('marks', 'many.csv', rows)]);
  expect(result.status === 'rejected' && [result.errors.length, result.errorCount]).toEqual([100, 150]);
});

test('no files, an unknown kind and too many files are refused before anything is read', async () => {
  const urn = await newSchool();
  expect(await run(urn, [])).toMatchObject({ status: 'rejected', errors: [{ file: '(none)', message: expect.stringMatching(/no files were given/) }] });
  const odd = await run(urn, [{ kind: 'register' as never, name: 'r.csv', content: Buffer.from('a') }]);
  expect(odd).toMatchObject({ status: 'rejected', errors: [{ file: 'r.csv', message: expect.stringMatching(/"register" is not a kind of file the import takes/) }] });
  const many = await run(urn, Array.from({ length: 21 }, (_, i) => csvFile('lates', `l${i}.csv`, ['UPN,Date,Mark,Minutes Late'])));
  expect(many).toMatchObject({ status: 'rejected', errors: [{ message: '21 files were given; one import takes at most 20' }] });
});

function addDaysUk(day: number): string {
  const d = new Date(Date.UTC(2025, 8, 1 + day));
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}
