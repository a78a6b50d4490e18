import { AlreadyExistsError, ConcurrencyError } from '../../bot/store/errors';
import { JsonTable } from '../../bot/store/json-table';
import { startTestStorage, type TestStorage } from '../support/azurite';

interface Note { school: string; id: string; text: string }

let storage: TestStorage;
let notes: JsonTable<Note>;

beforeAll(async () => {
  storage = await startTestStorage();
  notes = new JsonTable<Note>({ store: storage.store, table: 'notes', keys: (n) => ({ partitionKey: n.school, rowKey: n.id }) });
});
afterAll(() => storage.azurite.stop());

test('a stale ETag is refused with a ConcurrencyError and the newer write survives', async () => {
  await notes.insert({ school: '100001', id: 'a', text: 'first' });
  const read1 = (await notes.get('100001', 'a'))!;
  const read2 = (await notes.get('100001', 'a'))!;
  await notes.replace({ ...read1.value, text: 'from Ms Khan' }, read1.etag);
  await expect(notes.replace({ ...read2.value, text: 'from Mr Patel' }, read2.etag)).rejects.toBeInstanceOf(ConcurrencyError);
  expect((await notes.get('100001', 'a'))!.value.text).toBe('from Ms Khan');
});

test('inserting a record that exists is refused', async () => {
  await notes.insert({ school: '100001', id: 'b', text: 'x' });
  await expect(notes.insert({ school: '100001', id: 'b', text: 'y' })).rejects.toBeInstanceOf(AlreadyExistsError);
});

test('update retries until its change lands: ten concurrent increments all count', async () => {
  await notes.insert({ school: '100001', id: 'counter', text: '0' });
  await Promise.all(
    Array.from({ length: 10 }, () => notes.update('100001', 'counter', (n) => n && { ...n, text: String(Number(n.text) + 1) }, 50)),
  );
  expect((await notes.get('100001', 'counter'))!.value.text).toBe('10');
});

test('upsertMany writes more than one transaction of rows, partitioned by school, and list reads by prefix', async () => {
  const many = Array.from({ length: 250 }, (_, i) => ({ school: '100002', id: `p${String(i).padStart(3, '0')}`, text: `n${i}` }));
  await notes.upsertMany([...many, { school: '100003', id: 'p000', text: 'other school' }]);
  expect(await notes.list('100002')).toHaveLength(250);
  expect((await notes.list('100002', 'p01')).map((s) => s.value.id)).toEqual(Array.from({ length: 10 }, (_, i) => `p01${i}`));
  expect((await notes.list('100003')).map((s) => s.value.text)).toEqual(['other school']);
});

test("keys with quotes are escaped in filters", async () => {
  await notes.insert({ school: "O'Brien", id: 'q', text: 'quoted' });
  expect((await notes.list("O'Brien")).map((s) => s.value.text)).toEqual(['quoted']);
});
