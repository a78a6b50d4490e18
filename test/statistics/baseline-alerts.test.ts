/**
 * The baseline alerts no one, end to end: a real server (its school-day scheduler ticked by hand), the
 * connector stand-in, Azurite. A school's first figures put two pupils in a band (the baseline), then a
 * third pupil crosses it; the reminders step tells the head of year and the band's watcher about the third
 * only, and opens only the third pupil's case.
 */
import { addDays, weekdayOf } from '../../bot/domain/clock';
import { withMark, type PupilYearMarks } from '../../bot/domain/session-marks';
import { SchoolFigures } from '../../bot/jobs/recompute-figures';
import { FiguresRepository } from '../../bot/store/figures-repository';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { callingSchool, DURING_CALLS, seedCallingSchool } from '../support/calling-school';
import { linkPastoralChannel } from '../support/calling-flow';
import { ConnectorStandIn } from '../support/connector-stand-in';
import { GraphStandIn } from '../support/graph-stand-in';
import { startServer, TestClock, type SafeguardingServer } from '../safeguarding/harness';

jest.setTimeout(120_000);

const URN = '100001';
const clock = new TestClock(DURING_CALLS);
const s = callingSchool({ urn: URN, absent: 6 });
const headOfYear = s.callers[0];
Object.assign(s.school.staff.find((m) => m.upn === headOfYear.upn)!, { roles: ['head-of-year'], yearGroups: [7, 8, 9, 10, 11] });
s.school.bands = [
  { belowPercent: 95, label: 'Below 95%', watcherUpn: s.officer.upn },
  { belowPercent: 90, label: 'Persistent absence', watcherUpn: s.officer.upn },
];
const nameOf = (i: number) => `${s.pupils[i].legalForename} ${s.pupils[i].legalSurname}`;

let storage: TestStorage;
let connector: ConnectorStandIn;
let graph: GraphStandIn;
let srv: SafeguardingServer;

beforeAll(async () => {
  storage = await startTestStorage();
  connector = new ConnectorStandIn();
  await connector.start();
  graph = await new GraphStandIn().start();
  srv = await startServer({ connectionString: storage.connectionString, graphBaseUrl: graph.baseUrl, clock });
  await seedCallingSchool(storage.repos, s);
  await linkPastoralChannel(srv, connector, s);
}, 60_000);

afterAll(async () => {
  await srv?.stop();
  await graph?.stop();
  await connector?.stop();
  await storage?.azurite.stop();
});

function messagesTo(aadObjectId: string): string[] {
  const person = [s.lead, s.officer, s.dsl, ...s.callers].find((p) => p.aadObjectId === aadObjectId);
  const chat = connector.chats.find((c) => c.memberId === aadObjectId || c.memberId === person?.mri);
  return chat ? connector.messagesIn(chat.id).map((m) => m.activity.text ?? '') : [];
}

/** Adds a code for both sessions of every weekday from..to to the pupil's stored marks. */
async function mark(i: number, from: string, to: string, code: string): Promise<void> {
  const upn = s.pupils[i].upn;
  let year = (await storage.repos.marks.get(URN, 2025, upn))!.value as PupilYearMarks;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (weekdayOf(d) > 5) continue;
    year = withMark(year, { upn, date: d, session: 'AM', code });
    year = withMark(year, { upn, date: d, session: 'PM', code: code === '/' ? '\\' : code });
  }
  await storage.repos.marks.upsertMany(URN, [year]);
}

test('pupils in a band at the baseline get no alert and no case; a pupil who crosses later does, once', async () => {
  // The spring term to Friday 27 February (80 sessions): everyone in, but pupils 0 and 1 off for the week of
  // 12 January (70 of 80, 87.5%: persistent absence). Figured for the first time: the baseline.
  for (let i = 0; i < s.pupils.length; i++) await mark(i, '2026-01-05', '2026-02-27', '/');
  for (const i of [0, 1]) await mark(i, '2026-01-12', '2026-01-16', 'O');
  const figures = new SchoolFigures({ repos: storage.repos, now: clock.now });
  const first = await figures.recomputeFigures(URN, '2026-02-27');
  expect(first).toMatchObject({ crossings: [], baseline: { pupils: 2 }, cases: { opened: 0 } });

  // Pupil 2 then misses the last week of February: 70 of 80 by Friday, and a crossing.
  await mark(2, '2026-02-23', '2026-02-27', 'O');
  const later = await figures.afterImport(URN, { upns: [s.pupils[2].upn], today: '2026-02-27', latestMarked: '2026-02-27' });
  expect(later.crossings.map((c) => c.upn)).toEqual([s.pupils[2].upn]);

  await srv.server.jobs!.tick();
  const alert = (i: number) => `${nameOf(i)} (Year ${s.pupils[i].yearGroup}) has moved into "Persistent absence": 87.5% attendance this year to 2026-02-27. A Support First case is open for them in Firstday.`;
  await connector.waitFor(() => messagesTo(headOfYear.aadObjectId).includes(alert(2)) && messagesTo(s.officer.aadObjectId).includes(alert(2)));
  // The sweep sends every pending crossing in the one step, and the baseline pupils were never pending.
  for (const person of [headOfYear, s.officer]) expect(messagesTo(person.aadObjectId).filter((t) => t.includes('has moved into'))).toEqual([alert(2)]);
  expect((await storage.repos.cases.list(URN)).map((c) => c.case.pupilUpn)).toEqual([s.pupils[2].upn]);
  const stored = new FiguresRepository({ store: storage.repos.store });
  expect(await stored.unhandledCrossings(URN, 2025)).toEqual([]);
  expect((await stored.baseline(URN, 2025)).pupils.map((p) => p.upn).sort()).toEqual([s.pupils[0].upn, s.pupils[1].upn].sort());
});
