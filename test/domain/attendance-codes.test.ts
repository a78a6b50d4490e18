import { ATTENDANCE_CODES, codeMeaning, countsAsAttending, isPossibleSession, UNAUTHORISED_CODES } from '../../bot/domain/attendance-codes';

test('the 2024 code set: unauthorised codes are exactly G, N, O and U', () => {
  const unauthorised = [...ATTENDANCE_CODES.values()].filter((c) => c.meaning === 'unauthorised').map((c) => c.code);
  expect(unauthorised.sort()).toEqual(['G', 'N', 'O', 'U']);
  expect([...UNAUTHORISED_CODES].sort()).toEqual(['G', 'N', 'O', 'U']);
});

test('approved educational activity counts as attending; Y, X, Z, Q, D and # are not possible sessions', () => {
  for (const c of ['/', '\\', 'L', 'K', 'V', 'P', 'W', 'B']) expect(countsAsAttending(c)).toBe(true);
  for (const c of ['I', 'M', 'N', 'U', 'C1', 'C2']) expect(countsAsAttending(c)).toBe(false);
  for (const c of ['Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'X', 'Z', 'Q', 'D', '#']) expect(isPossibleSession(c)).toBe(false);
  expect(isPossibleSession('U')).toBe(true);
});

test('codes withdrawn in 2024 are unknown', () => {
  expect(() => codeMeaning('H')).toThrow(/Unknown attendance code "H"/);
  expect(() => codeMeaning('F')).toThrow(/Unknown attendance code/);
});
