/**
 * The lists wait for their register (issue 10 item 5): two server instances tick a school day on a set clock.
 * With no marks for the morning the officer is told once and nothing is listed; once the marks are imported the
 * next look posts the list, once. At the afternoon register close the pupils who were in this morning and are
 * missing this afternoon get a card in the day's thread; a pupil away all day keeps the one card.
 */
import { emptyYearMarks, withMark, type PupilYearMarks, type Session } from '../../bot/domain/session-marks';
import { JobStepsRepository } from '../../bot/store/job-steps-repository';
import type { Repositories } from '../../bot/store/repositories';
import { callingSchool, DAY, type CallingSchool } from '../support/calling-school';
import { dayThread, linkPastoralChannel, runStatus, startDailyRun, textOf, waitForPosted, type LinkedChannel } from '../support/calling-flow';
import { cardsIn } from '../support/card-validator';
import { setUpServerSuite, TestClock } from '../support/server-suite';
import { channelMessage, postActivity } from '../support/teams-activities';

const clock = new TestClock('2026-03-02T08:30:00Z');
// Two instances of the web app on one storage account; the schools are stored by each test.
const suite = setUpServerSuite({ connector: true, graph: true, clock, servers: 2 });
const { storage, connector, servers } = suite;

afterEach(() => {
  expect(suite.cardProblems()).toEqual([]);
});

/** Both servers tick the school day at a local (GMT) time on the day, and finish what the tick started. */
async function tickAt(hhmm: string): Promise<void> {
  clock.set(`${DAY}T${hhmm}:00Z`);
  await Promise.all(servers.map((srv) => srv.server.jobs!.tick()));
}

/** Stores the school, its pupils and contacts, with no marks yet: the registers arrive by import later. */
async function seedWithoutToday(repos: Repositories, s: CallingSchool): Promise<void> {
  await repos.schools.insert(s.school);
  await repos.pupils.upsertMany(s.school.urn, s.pupils);
  await repos.contacts.upsertMany(s.school.urn, s.contacts);
  // Last week's registers are in: Friday afternoon is the latest.
  await repos.marks.upsertMany(
    s.school.urn,
    s.pupils.map((p) => withMark(withMark(emptyYearMarks(p.upn, 2025), { upn: p.upn, date: '2026-02-27', session: 'AM', code: '/' }), { upn: p.upn, date: '2026-02-27', session: 'PM', code: '\\' })),
  );
}

/** Imports a session's register for the day: the codes by pupil index; pupils not given stay unmarked. */
async function importRegister(repos: Repositories, s: CallingSchool, session: Session, codes: Record<number, string>): Promise<void> {
  const updated: PupilYearMarks[] = [];
  for (const [i, code] of Object.entries(codes)) {
    const upn = s.pupils[Number(i)].upn;
    const year = (await repos.marks.get(s.school.urn, 2025, upn))?.value ?? emptyYearMarks(upn, 2025);
    updated.push(withMark(year, { upn, date: DAY, session, code }));
  }
  await repos.marks.upsertMany(s.school.urn, updated);
}

/** What the officer's chat says about the list (the card clock's word on unclaimed cards has tests of its own). */
function officerChat(s: CallingSchool): string[] {
  const chat = connector.chats.find((c) => c.memberId === s.officer.aadObjectId);
  return chat ? connector.messagesIn(chat.id).map((m) => m.activity.text ?? textOf(cardsIn(m.activity)[0])).filter((t) => !t.startsWith('Nobody has claimed')) : [];
}

function pupilCards(link: LinkedChannel) {
  try {
    return dayThread(connector, link.channelId).cards;
  } catch {
    return [];
  }
}

const nameOf = (m: { activity: unknown }) => cardsIn(m.activity)[0].body[0].columns[0].items[0].text as string;

describe('the morning register has not arrived', () => {
  const s = callingSchool({ urn: '100021', name: 'Brookside Academy', absent: 6 });
  let link: LinkedChannel;

  beforeAll(async () => {
    await seedWithoutToday(storage.repos, s);
    link = await linkPastoralChannel(servers[0], connector, s);
  });

  test('the officer is told once, by one of two servers, and no list or card exists', async () => {
    await tickAt('09:15');
    await tickAt('09:16');
    await tickAt('09:20');
    expect(officerChat(s)).toEqual([
      "Today's register has not reached Firstday yet (last marks: Friday 27 February, afternoon register). Firstday will check again and post the list when it arrives.",
    ]);
    expect(await storage.repos.dailyRuns.get(s.school.urn, DAY)).toBeUndefined();
    expect(await storage.repos.pupilCards.list(s.school.urn, DAY)).toEqual([]);
    expect(pupilCards(link)).toEqual([]);
  });

  test('asking for the list through the API or in the channel gives the same answer, and posts nothing', async () => {
    const viaApi = await startDailyRun(servers[1], s.school.urn, { date: DAY });
    expect(viaApi.status).toBe(200);
    expect(viaApi.json).toMatchObject({ state: 'waiting', session: 'AM', lastMarks: 'Friday 27 February, afternoon register', told: 0 });
    expect(viaApi.json.message).toMatch(/^Today's register has not reached Firstday yet \(last marks: Friday 27 February, afternoon register\)\. .* Nothing has been posted/);

    await postActivity(servers[0].url, channelMessage(connector.url, link.team, link.channelId, s.officer, 'post the list'));
    const answer = await connector.waitFor(() =>
      connector.ok('send').find((r) => r.conversationId.startsWith(`${link.channelId};`) && /has not reached Firstday yet/.test(r.body.text ?? '')),
    );
    expect(answer.body.text).toBe(viaApi.json.message);
    expect(await storage.repos.dailyRuns.get(s.school.urn, DAY)).toBeUndefined();
    expect(officerChat(s)).toHaveLength(1);
  });

  test('once the marks arrive, the next look posts the list, once', async () => {
    // Three N, one late, the rest present: every pupil marked.
    await importRegister(storage.repos, s, 'AM', { 0: 'N', 1: '/', 2: 'N', 3: '/', 4: 'N', 5: 'L', 6: '/', 7: '/', 8: '/', 9: '/' });
    await tickAt('09:24');
    expect(await storage.repos.dailyRuns.get(s.school.urn, DAY)).toBeUndefined();

    await tickAt('09:25');
    const status = await waitForPosted(servers[0], s.school.urn, DAY);
    expect(status).toMatchObject({ state: 'posted', listed: 3, cards: { posted: 3, total: 3 } });
    await tickAt('09:30');
    await tickAt('10:00');
    const cards = pupilCards(link);
    expect(cards.map(nameOf).sort()).toEqual([0, 2, 4].map((i) => `${s.pupils[i].legalForename} ${s.pupils[i].legalSurname}`).sort());
    expect(cards.every((m) => m.posts === 1)).toBe(true);
    expect(connector.messagesIn(link.channelId).filter((m) => /^Unexplained absences/.test(cardsIn(m.activity)[0]?.body?.[0]?.text ?? ''))).toHaveLength(1);
    // The morning list's step is done for the day: later ticks do not look again.
    expect((await new JobStepsRepository({ store: storage.store }).get(s.school.urn, DAY, 'morning-list'))?.value).toMatchObject({ status: 'done' });
    expect(officerChat(s)).toHaveLength(1);
  });
});

describe('a school that checks the list first', () => {
  const s = callingSchool({ urn: '100023', name: 'Meadow View School', absent: 2, reviewBeforePosting: true });

  test('the officer is told the register is late, then gets the preview once when it arrives', async () => {
    await seedWithoutToday(storage.repos, s);
    await linkPastoralChannel(servers[0], connector, s);
    clock.set(`${DAY}T09:40:00Z`);
    expect((await startDailyRun(servers[0], s.school.urn)).json).toMatchObject({ state: 'waiting', told: 1 });
    expect(officerChat(s)).toEqual([
      "Today's register has not reached Firstday yet (last marks: Friday 27 February, afternoon register). Firstday will check again and send you the list to check when it arrives.",
    ]);

    await importRegister(storage.repos, s, 'AM', { 0: 'N', 1: 'N', 2: '/', 3: '/', 4: '/', 5: '/' });
    await tickAt('09:45');
    await tickAt('09:50');
    const chat = officerChat(s);
    expect(chat).toHaveLength(2);
    expect(chat[1]).toContain("Check today's list before it is posted");
    const run = (await storage.repos.dailyRuns.get(s.school.urn, DAY))!.value;
    expect(run.state).toBe('awaiting-review');
    expect([...run.list].sort()).toEqual([s.pupils[0].upn, s.pupils[1].upn].sort());
  });
});

describe('the afternoon list', () => {
  const s = callingSchool({ urn: '100022', name: 'Riverside School', absent: 4 });
  let link: LinkedChannel;
  const name = (i: number) => `${s.pupils[i].legalForename} ${s.pupils[i].legalSurname}`;

  beforeAll(async () => {
    await seedWithoutToday(storage.repos, s);
    link = await linkPastoralChannel(servers[0], connector, s);
    // Morning: 0 and 1 absent (N), everyone else in.
    await importRegister(storage.repos, s, 'AM', { 0: 'N', 1: 'N', 2: '/', 3: '/', 4: 'L', 5: '/', 6: '/', 7: '/' });
    await tickAt('09:15');
    await waitForPosted(servers[0], s.school.urn, DAY);
    expect(pupilCards(link).map(nameOf).sort()).toEqual([name(0), name(1)].sort());
  });

  test('before the afternoon register arrives the officer is told once and nothing more is posted', async () => {
    await tickAt('13:55');
    await tickAt('13:58');
    expect(officerChat(s)).toEqual([
      "This afternoon's register has not reached Firstday yet (last marks: Monday 2 March, morning register). Firstday will check again and post the afternoon's list in today's thread when it arrives.",
    ]);
    expect(pupilCards(link)).toHaveLength(2);
  });

  test("pupils in this morning and missing this afternoon get a card in the day's thread; a pupil away all day is not listed twice", async () => {
    // 0: away all day. 1: back this afternoon. 2: N this afternoon. 3: no afternoon mark. 4: N, but a parent rang. 5-7: in.
    await importRegister(storage.repos, s, 'PM', { 0: 'N', 1: '\\', 2: 'N', 4: 'N', 5: '\\', 6: '\\', 7: '\\' });
    await storage.repos.absenceReports.upsertMany(s.school.urn, [
      { id: 'pm-4', pupilUpn: s.pupils[4].upn, reportedBy: 'Father', receivedAt: '2026-03-02T13:20:00Z', method: 'phone', fromDate: DAY, fromSession: 'PM', toDate: DAY, toSession: 'PM', reason: 'Orthodontist' },
    ]);
    await tickAt('14:00');
    await connector.waitFor(() => pupilCards(link).length === 4);
    await tickAt('14:05');
    await tickAt('15:00');

    const { summary, cards } = dayThread(connector, link.channelId);
    // The morning's two cards, then the afternoon's two, each pupil once.
    expect(cards.slice(0, 2).map(nameOf).sort()).toEqual([name(0), name(1)].sort());
    expect(cards.slice(2).map(nameOf).sort()).toEqual([name(2), name(3)].sort());
    expect(cards.every((m) => m.posts === 1)).toBe(true);
    for (const m of cards.slice(2)) expect(textOf(cardsIn(m.activity)[0])).toContain('Absent this afternoon');
    for (const m of cards.slice(0, 2)) expect(textOf(cardsIn(m.activity)[0])).not.toContain('afternoon');

    const run = (await storage.repos.dailyRuns.get(s.school.urn, DAY))!.value;
    expect(run.state).toBe('posted');
    expect(run.afternoon).toMatchObject({ list: expect.arrayContaining([s.pupils[2].upn, s.pupils[3].upn]) });
    expect(run.afternoon!.list).toHaveLength(2);
    expect(run.afternoon!.postedAt).toBeDefined();
    expect((await storage.repos.pupilCards.list(s.school.urn, DAY)).map((c) => c.value.pupil.upn).sort()).toEqual([0, 1, 2, 3].map((i) => s.pupils[i].upn).sort());

    // The day's summary counts the afternoon's pupils with the morning's.
    await connector.waitFor(() => textOf(connector.cardOf(summary.id)).includes('4 pupils to call'));
    expect((await runStatus(servers[0], s.school.urn, DAY)).afternoon).toMatchObject({ listed: 2 });
    expect(officerChat(s)).toHaveLength(1);
  });
});
