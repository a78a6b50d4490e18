/** Cases in Table Storage (Azurite): header and items written together under the header's ETag. */
import { newCase } from '../../bot/domain/cases/case-opening';
import type { SupportCase } from '../../bot/domain/cases/support-case';
import { AlreadyExistsError } from '../../bot/store/errors';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { PUPILS, SCHOOL } from '../api/support/case-school';

let storage: TestStorage;
const by = { id: 'a.lead@test.example', name: 'Alex Lead' };

beforeAll(async () => {
  storage = await startTestStorage();
});

afterAll(async () => {
  await storage?.azurite.stop();
});

function caseFor(upn: string): SupportCase {
  const pupil = Object.values(PUPILS).find((p) => p.upn === upn)!;
  return newCase({ school: SCHOOL, pupil, openedAt: '2026-11-20T10:00:00.000Z', openedOn: '2026-11-20', openedBy: by, because: 'by-hand', reason: 'test' });
}

test('a case is written with its first items and read back whole; a second create is refused', async () => {
  const header = caseFor(PUPILS.amir.upn);
  const loaded = await storage.repos.cases.create(header, [{ kind: 'note', value: { id: 'n1', text: 'First note', recordedAt: header.openedAt, recordedBy: by } }]);
  expect(loaded.case).toMatchObject({ pupilUpn: PUPILS.amir.upn, revision: 1, due: { meeting: { date: '2026-12-04' } } });
  expect(loaded.items.note).toEqual([expect.objectContaining({ text: 'First note' })]);
  expect(loaded.itemEtags.get('note|n1')).toBeTruthy();
  await expect(storage.repos.cases.create(header, [])).rejects.toBeInstanceOf(AlreadyExistsError);
  expect((await storage.repos.cases.list(SCHOOL.urn)).map((c) => c.case.pupilUpn)).toEqual([PUPILS.amir.upn]);
});

test('a change made meanwhile by someone else makes the write re-read and re-apply, so neither is lost', async () => {
  const upn = PUPILS.amir.upn;
  const repo = storage.repos.cases;
  const realLoad = repo.load.bind(repo);
  let interfere = true;
  // Someone else's change lands just after our read: our write then carries a stale ETag.
  const spy = jest.spyOn(repo, 'load').mockImplementation(async (urn, u) => {
    const loaded = await realLoad(urn, u);
    if (interfere) {
      interfere = false;
      await repo.change(urn, u, (c) => ({ header: c.case, put: [{ kind: 'note', value: { id: 'theirs', text: 'Their note', recordedAt: 'x', recordedBy: by } }] }));
    }
    return loaded;
  });
  let calls = 0;
  try {
    await repo.change(SCHOOL.urn, upn, (current) => {
      calls++;
      return {
        header: { ...current.case, stage: 'support-first' },
        put: [{ kind: 'meeting', value: { id: 'm1', kind: 'initial', date: '2026-11-19', method: 'phone', attendees: [{ name: 'Mum', role: 'Mother' }], barriers: [], agreedActions: [], nextReview: '2026-12-10', summary: '', recordedAt: 'x', recordedBy: by } }],
      };
    });
  } finally {
    spy.mockRestore();
  }
  expect(calls).toBe(2);
  const after = (await repo.load(SCHOOL.urn, upn))!;
  expect(after.case.stage).toBe('support-first');
  expect(after.items.note.map((n) => n.id).sort()).toEqual(['n1', 'theirs']);
  expect(after.case).toMatchObject({ meetingsHeld: 1, due: { review: '2026-12-10', contact: '2026-12-03' }, revision: 3 });
});

test('an item too large for a table row is refused before anything is written', async () => {
  const upn = PUPILS.amir.upn;
  const before = (await storage.repos.cases.load(SCHOOL.urn, upn))!;
  await expect(
    storage.repos.cases.change(SCHOOL.urn, upn, (c) => ({ header: c.case, put: [{ kind: 'note', value: { id: 'huge', text: 'x'.repeat(40_000), recordedAt: 'x', recordedBy: by } }] })),
  ).rejects.toThrow(/too large to store/);
  const after = (await storage.repos.cases.load(SCHOOL.urn, upn))!;
  expect(after.etag).toBe(before.etag);
  expect(after.items.note.map((n) => n.id)).not.toContain('huge');
});
