import { ImportJournalRepository, type ImportLease } from '../../bot/import/import-journal-repository';
import { ConcurrencyError } from '../../bot/store/errors';
import { startTestStorage, type TestStorage } from '../support/azurite';

let storage: TestStorage;
let journal: ImportJournalRepository;

beforeAll(async () => {
  storage = await startTestStorage();
  journal = new ImportJournalRepository({ store: storage.store });
});
afterAll(() => storage.azurite.stop());

const t0 = new Date('2025-09-03T08:00:00Z');
const lease = (runId: string, at: Date): ImportLease => ({
  urn: '100001',
  runId,
  importId: `files-of-${runId}`,
  actorId: runId,
  source: 'test',
  startedAt: at.toISOString(),
  expiresAt: new Date(at.getTime() + 120_000).toISOString(),
});

test('one run holds a school at a time; a lapsed hold is taken over, and its old holder can neither renew nor release it', async () => {
  const first = await journal.acquireLease(lease('first', t0), t0);
  expect(first.acquired).toBe(true);
  const refused = await journal.acquireLease(lease('second', t0), new Date(t0.getTime() + 60_000));
  expect(refused).toEqual({ acquired: false, heldBy: expect.objectContaining({ runId: 'first' }) });

  const later = new Date(t0.getTime() + 121_000);
  const second = await journal.acquireLease(lease('second', later), later);
  expect(second.acquired).toBe(true);
  if (!first.acquired || !second.acquired) return;
  await expect(journal.renewLease(lease('first', later), first.etag)).rejects.toBeInstanceOf(ConcurrencyError);
  await journal.releaseLease('100001', first.etag);
  expect((await journal.currentLease('100001'))!.value.runId).toBe('second');

  await journal.releaseLease('100001', second.etag);
  expect(await journal.currentLease('100001')).toBeUndefined();
});

test('entries are kept per school and content hash, and listed newest first', async () => {
  const entry = (importId: string, startedAt: string) => ({ urn: '100002', importId, status: 'applied' as const, actorId: 'x', source: 'test', startedAt, files: [] });
  await journal.put(entry('aaa', '2025-09-01T08:00:00Z'));
  await journal.put(entry('bbb', '2025-09-02T08:00:00Z'));
  expect((await journal.list('100002')).map((e) => e.importId)).toEqual(['bbb', 'aaa']);
  expect(await journal.get('100001', 'aaa')).toBeUndefined();
  await journal.remove('100002', 'aaa');
  expect((await journal.list('100002')).map((e) => e.importId)).toEqual(['bbb']);
});

test('the last applied import of each kind: when, by whom and which files; a run still applying does not count', async () => {
  const file = (kind: 'staff' | 'calendar' | 'pupils' | 'marks', name: string) => ({ kind, name, bytes: 10, rows: 1 });
  const entry = (importId: string, finishedAt: string, files: ReturnType<typeof file>[], status: 'applied' | 'applying' = 'applied') => ({
    urn: '100003',
    importId,
    status,
    actorId: `${importId}@school.example`,
    actorName: `Person ${importId}`,
    source: 'test',
    startedAt: finishedAt,
    ...(status === 'applied' ? { finishedAt } : {}),
    files,
  });
  expect(await journal.lastByKind('100003')).toEqual({});
  await journal.put(entry('first', '2025-09-01T08:00:00Z', [file('staff', 'staff.csv'), file('calendar', 'calendar.csv'), file('marks', 'marks.csv')]));
  await journal.put(entry('second', '2025-09-02T08:00:00Z', [file('marks', 'marks-am.csv'), file('marks', 'marks-pm.csv')]));
  await journal.put(entry('third', '2025-09-03T08:00:00Z', [file('staff', 'staff-new.csv')], 'applying'));

  const last = await journal.lastByKind('100003');
  expect(Object.keys(last).sort()).toEqual(['calendar', 'marks', 'staff']);
  expect(last.staff).toEqual({
    importId: 'first',
    at: '2025-09-01T08:00:00Z',
    actorId: 'first@school.example',
    actorName: 'Person first',
    source: 'test',
    files: [file('staff', 'staff.csv')],
  });
  expect(last.marks).toMatchObject({ importId: 'second', at: '2025-09-02T08:00:00Z', files: [file('marks', 'marks-am.csv'), file('marks', 'marks-pm.csv')] });
  expect(last.calendar?.importId).toBe('first');
});
