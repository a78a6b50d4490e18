import { mulberry32, Random, streamSeed } from '../../bot/demo/random';

test('mulberry32 gives the same sequence for the same seed, a different one for another', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const c = mulberry32(43);
  const first = Array.from({ length: 5 }, () => a());
  expect(Array.from({ length: 5 }, () => b())).toEqual(first);
  expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  // Pinned: a change to the generator would silently change every demo school (and its tenant's ids).
  expect(first[0]).toBeCloseTo(0.6011037519201636, 15);
});

test('streams named differently are unrelated; the same name repeats', () => {
  expect(streamSeed(1, 'staff')).toBe(streamSeed(1, 'staff'));
  expect(streamSeed(1, 'staff')).not.toBe(streamSeed(1, 'stafg'));
  expect(streamSeed(1, 'staff')).not.toBe(streamSeed(2, 'staff'));
  expect(Random.stream(1, 'marks|A').float()).not.toBe(Random.stream(1, 'marks|B').float());
});

test('int, pick, sample and weighted stay in range and follow their weights', () => {
  const r = new Random(7);
  const ints = Array.from({ length: 2000 }, () => r.int(3, 6));
  expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6]));
  const sample = r.sample([1, 2, 3, 4, 5, 6, 7, 8], 5);
  expect(new Set(sample).size).toBe(5);
  const counts = { a: 0, b: 0 };
  for (let i = 0; i < 10000; i++) counts[r.weighted([{ value: 'a' as const, weight: 9 }, { value: 'b' as const, weight: 1 }])]++;
  expect(counts.a / 10000).toBeGreaterThan(0.87);
  expect(counts.a / 10000).toBeLessThan(0.93);
  expect(() => r.pick([])).toThrow(/empty/);
});

test('uuid gives RFC 4122 version 4 ids, repeatably', () => {
  const a = new Random(9).uuid();
  expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(new Random(9).uuid()).toBe(a);
  expect(new Random(10).uuid()).not.toBe(a);
});
