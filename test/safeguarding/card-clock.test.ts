/**
 * Every card on the school's clock, over real HTTP with two servers ticking together: an unclaimed card is raised
 * with the attendance officer at 15 minutes and the lead at 30, a claimed card with no outcome with the caller at
 * 30 minutes, each exactly once, and on the card's history.
 */
import { callingSchool, DAY, DURING_CALLS } from '../support/calling-school';
import { cardFor, chatMessages, linkAndPostTheList, pressOn, type LinkedChannel } from '../support/calling-flow';
import { setUpServerSuite, TestClock } from '../support/server-suite';

const clock = new TestClock(DURING_CALLS);
const s = callingSchool({ urn: '100003', absent: 3 });
const { storage, connector, servers: [srv, srv2] } = setUpServerSuite({ connector: true, clock, servers: 2, schools: [s] });
let link: LinkedChannel;

const nameOf = (upn: string) => {
  const p = s.pupils.find((x) => x.upn === upn)!;
  return `${p.legalForename} ${p.legalSurname}`;
};
const raisedTo = (who: typeof s.lead, words: string) => chatMessages(connector, who).filter((m) => (m.activity.text ?? '').includes(words));
const tickBoth = () => Promise.all([srv.server.jobs!.tick(), srv2.server.jobs!.tick()]);

beforeAll(async () => {
  link = await linkAndPostTheList(srv, connector, s);
});

test('unclaimed cards go to the officer at 15 minutes and the lead at 30; a stalled claim to the caller at 30; each once', async () => {
  const [first, ...rest] = s.expectedList;
  const reply = await pressOn(srv, connector, link, cardFor(connector, link.channelId, nameOf(first)), s.callers[0], 'claim');
  expect(reply.status).toBe(200);

  clock.set('2026-03-02T09:44:00Z');
  await tickBoth();
  expect(raisedTo(s.officer, 'Nobody has claimed')).toHaveLength(0);

  clock.set('2026-03-02T09:45:00Z');
  await tickBoth();
  await connector.waitFor(() => raisedTo(s.officer, 'Nobody has claimed').length === rest.length || undefined);
  for (const upn of rest) expect(raisedTo(s.officer, `Nobody has claimed ${nameOf(upn)}`)).toHaveLength(1);
  expect(raisedTo(s.officer, nameOf(first))).toHaveLength(0);
  expect(raisedTo(s.lead, 'Nobody has claimed')).toHaveLength(0);

  clock.set('2026-03-02T10:00:00Z');
  await tickBoth();
  await connector.waitFor(() => raisedTo(s.lead, 'Nobody has claimed').length === rest.length || undefined);
  await connector.waitFor(() => raisedTo(s.callers[0], `${nameOf(first)}`).length === 1 || undefined);
  expect(raisedTo(s.callers[0], 'has no outcome 30 minutes on')).toHaveLength(1);

  // Later ticks on both servers send nothing again: each raise is on the stored card once.
  clock.set('2026-03-02T10:05:00Z');
  await tickBoth();
  const stored = (await storage.repos.pupilCards.list(s.school.urn, DAY)).map((c) => c.value);
  for (const card of stored.filter((c) => rest.includes(c.pupil.upn))) {
    expect(card.raised?.map((r) => `${r.kind} ${r.toNames.join(',')}`)).toEqual(['unclaimed-officer Mrs Sharma', 'unclaimed-lead Mrs Ashworth']);
  }
  expect(stored.find((c) => c.pupil.upn === first)?.raised?.map((r) => r.kind)).toEqual(['stalled-claimer']);
  expect(raisedTo(s.officer, 'Nobody has claimed')).toHaveLength(rest.length);
  expect(raisedTo(s.lead, 'Nobody has claimed')).toHaveLength(rest.length);
  const history = await storage.repos.chronology.forPupil(s.school.urn, rest[0]);
  expect(history.map((e) => e.summary)).toContain(`Nobody has claimed ${nameOf(rest[0])} (${s.pupils.find((p) => p.upn === rest[0])!.form}) 15 minutes after the list went out (the list went out at 09:30). Raised with Mrs Sharma.`);
});
