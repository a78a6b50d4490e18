import { LeasesRepository } from '../../bot/store/leases-repository';
import { TableStore } from '../../bot/store/table-store';
import { startTestStorage, type TestStorage } from '../support/azurite';

let storage: TestStorage;
let leases: LeasesRepository;
const T0 = new Date('2025-09-09T08:15:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
let n = 0;
/** A fresh lease name per test: the suite shares one Azurite. */
const key = () => ({ urn: '100001', name: `test-${++n}` });

beforeAll(async () => {
  storage = await startTestStorage();
  leases = new LeasesRepository({ store: storage.store });
});
afterAll(() => storage.azurite.stop());

test('a free lease is taken; while it lasts nobody else gets it, and its holder renews it by acquiring again', async () => {
  const k = key();
  const mine = await leases.acquire(k, 'server-a', 60_000, T0);
  expect(mine?.lease).toEqual({ ...k, holder: 'server-a', acquiredAt: T0.toISOString(), expiresAt: at(60_000).toISOString() });

  expect(await leases.acquire(k, 'server-b', 60_000, at(59_999))).toBeUndefined();
  const again = await leases.acquire(k, 'server-a', 60_000, at(30_000));
  expect(again?.lease).toMatchObject({ holder: 'server-a', acquiredAt: T0.toISOString(), expiresAt: at(90_000).toISOString() });
});

test('an expired lease is taken over; the old holder can then neither renew nor release it', async () => {
  const k = key();
  const old = (await leases.acquire(k, 'server-a', 60_000, T0))!;

  const taken = await leases.acquire(k, 'server-b', 60_000, at(60_000));
  expect(taken?.lease).toMatchObject({ holder: 'server-b', acquiredAt: at(60_000).toISOString() });

  expect(await leases.renew(old, 60_000, at(61_000))).toBeUndefined();
  await leases.release(old);
  expect((await leases.get(k))?.holder).toBe('server-b');
});

test('renew extends a held lease; release frees it at once for another holder', async () => {
  const k = key();
  const held = (await leases.acquire(k, 'server-a', 60_000, T0))!;
  const renewed = (await leases.renew(held, 60_000, at(50_000)))!;
  expect(renewed.lease.expiresAt).toBe(at(110_000).toISOString());
  expect(await leases.acquire(k, 'server-b', 60_000, at(100_000))).toBeUndefined();

  await leases.release(renewed);
  expect(await leases.get(k)).toBeUndefined();
  expect((await leases.acquire(k, 'server-b', 60_000, at(100_000)))?.lease.holder).toBe('server-b');
});

test('two servers racing for a free or an expired lease: exactly one wins, every time', async () => {
  const other = new LeasesRepository({ store: new TableStore({ connectionString: storage.connectionString }) });
  for (let round = 0; round < 10; round++) {
    const k = key();
    if (round % 2) await leases.acquire(k, 'server-old', 1_000, T0);
    const results = await Promise.all([leases.acquire(k, 'server-a', 60_000, at(5_000)), other.acquire(k, 'server-b', 60_000, at(5_000))]);
    const winners = results.filter(Boolean);
    expect(winners).toHaveLength(1);
    expect((await leases.get(k))?.holder).toBe(winners[0]!.lease.holder);
  }
});

test("leases are per school: one school's lease does not block another's", async () => {
  expect(await leases.acquire({ urn: '100001', name: 'per-school' }, 'server-a', 60_000, T0)).toBeDefined();
  expect(await leases.acquire({ urn: '100002', name: 'per-school' }, 'server-b', 60_000, T0)).toBeDefined();
});
