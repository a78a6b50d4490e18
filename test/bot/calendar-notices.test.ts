/**
 * Calendar notices (issue 10 item 3): two server instances tick weekdays on a set clock; the attendance lead is told
 * in their 1:1 chat when the last known term ends within four weeks (once per term end), and why nothing ran on a
 * weekday no term covers when no later term is known, or there is no calendar at all (at most once a week).
 */
import { callingSchool, type CallingSchool } from '../support/calling-school';
import { linkPastoralChannel } from '../support/calling-flow';
import { setUpServerSuite, TestClock } from '../support/server-suite';

const clock = new TestClock('2026-03-02T07:00:00Z');

// The last known term ends on Friday 27 March: within four weeks of Monday 2 March.
const ending = callingSchool({ urn: '100031', name: 'Elm Tree Primary' });
ending.school.terms = [
  { name: 'Autumn', start: '2025-09-03', end: '2025-12-19' },
  { name: 'Spring', start: '2026-01-05', end: '2026-03-27' },
];
// No calendar at all.
const none = callingSchool({ urn: '100032', name: 'Hazel Lane School' });
none.school.terms = [];
// The calendar ran out at February half term, with nothing after it.
const ranOut = callingSchool({ urn: '100033', name: 'Ash Grove Academy' });
ranOut.school.terms = [{ name: 'Spring 1', start: '2026-01-05', end: '2026-02-13' }];
// A holiday between two known terms: normal, nothing said.
const holiday = callingSchool({ urn: '100034', name: 'Willow Bank School' });
holiday.school.terms = [
  { name: 'Spring 1', start: '2026-01-05', end: '2026-02-27' },
  { name: 'Summer', start: '2026-03-09', end: '2026-07-22' },
];

const { storage, connector, servers } = setUpServerSuite({ connector: true, graph: true, clock, servers: 2, schools: [ending, none, ranOut, holiday] });

beforeAll(async () => {
  for (const s of [ending, none, ranOut, holiday]) await linkPastoralChannel(servers[0], connector, s);
});

async function tickAt(iso: string): Promise<void> {
  clock.set(iso);
  await Promise.all(servers.map((srv) => srv.server.jobs!.tick()));
}

/** What the lead has been told in their 1:1 chat. */
function leadChat(s: CallingSchool): string[] {
  const chats = connector.chats.filter((c) => c.memberId === s.lead.aadObjectId || c.memberId === s.lead.mri);
  return chats.flatMap((c) => connector.messagesIn(c.id).map((m) => m.activity.text));
}

test('before 08:00 nothing is checked', async () => {
  await tickAt('2026-03-02T07:59:00Z');
  for (const s of [ending, none, ranOut, holiday]) expect(leadChat(s)).toEqual([]);
});

test('the last known term ending within four weeks: the lead is told once, not every day', async () => {
  await tickAt('2026-03-02T08:00:00Z');
  await tickAt('2026-03-02T08:01:00Z');
  await tickAt('2026-03-03T08:00:00Z');
  await tickAt('2026-03-09T08:00:00Z');
  expect(leadChat(ending)).toEqual([
    "The last term Firstday knows for Elm Tree Primary (Spring) ends on Friday 27 March. Import next year's calendar before then: without it, no list is made after that day.",
  ]);
  expect(leadChat(holiday)).toEqual([]);
});

test('no calendar, or one that has run out: the lead is told why nothing ran, at most once a week, and no list is made', async () => {
  // Monday 2 and Tuesday 3 March were ticked above; Monday 9 March starts another week.
  expect(leadChat(none)).toEqual([
    "No list was made today: Firstday has no term dates for Hazel Lane School, so it does not know which days are school days. Import this year's calendar (terms and closures).",
    "No list was made today: Firstday has no term dates for Hazel Lane School, so it does not know which days are school days. Import this year's calendar (terms and closures).",
  ]);
  expect(leadChat(ranOut)).toEqual([
    "No list was made today: Firstday has no term covering Monday 2 March. The last term it knows for Ash Grove Academy ended on Friday 13 February. Import this year's calendar.",
    "No list was made today: Firstday has no term covering Monday 9 March. The last term it knows for Ash Grove Academy ended on Friday 13 February. Import this year's calendar.",
  ]);
  for (const s of [none, ranOut]) expect(await storage.repos.dailyRuns.get(s.school.urn, '2026-03-02')).toBeUndefined();
});

test('never at a weekend', async () => {
  const before = [none, ranOut].map((s) => leadChat(s).length);
  await tickAt('2026-03-14T09:00:00Z');
  expect([none, ranOut].map((s) => leadChat(s).length)).toEqual(before);
});
