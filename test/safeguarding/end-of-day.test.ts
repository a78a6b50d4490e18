import { endOfDaySummary } from '../../bot/domain/end-of-day';
import { callingSchool, DAY, DURING_CALLS } from '../support/calling-school';
import { linkPastoralChannel, textOf, waitForPosted } from '../support/calling-flow';
import { cardProblems, cardsIn } from '../support/card-validator';
import { setUpServerSuite, TestClock } from '../support/server-suite';

const clock = new TestClock(DURING_CALLS);
const s = callingSchool({ urn: '100002', absent: 5 });
const { connector, servers } = setUpServerSuite({ connector: true, graph: true, clock, servers: 2, schools: [s] });

test('the summary counts outcomes by reason, what is still open, and the concerns raised and acknowledged', () => {
  const cards = [
    { status: 'resolved' as const, outcome: { reason: 'illness' } as never },
    { status: 'resolved' as const, outcome: { reason: 'illness' } as never },
    { status: 'resolved' as const, outcome: { reason: 'hospital' } as never },
    { status: 'in-progress' as const },
    { status: 'no-contact' as const },
  ];
  const concerns = [{ date: DAY, acknowledged: { byId: 'x', byName: 'X', at: DAY } }, { date: DAY }, { date: '2026-02-27' }];
  const summary = endOfDaySummary(DAY, cards, concerns);
  expect(summary).toMatchObject({ unexplained: 5, resolved: 3, stillOpen: 1, noContact: 1, concernsRaised: 2, concernsAcknowledged: 1 });
  expect(summary.resolvedBy.map((r) => [r.reason, r.count])).toEqual([
    ['illness', 2],
    ['hospital', 1],
  ]);
});

test('two server instances tick the school day together: the morning list and the end-of-day summary each happen once', async () => {
  const link = await linkPastoralChannel(servers[0], connector, s);
  clock.set('2026-03-02T09:20:00Z');
  await Promise.all(servers.map((srv) => srv.server.jobs!.tick()));
  await waitForPosted(servers[0], s.school.urn, DAY);
  const cardsPosted = connector.ok('send').filter((r) => String(cardsIn(r.body)[0]?.body?.[0]?.id ?? '').startsWith('pupil-card|'));
  expect(cardsPosted).toHaveLength(5);

  clock.set('2026-03-02T16:30:00Z');
  await Promise.all(servers.map((srv) => srv.server.jobs!.tick()));
  clock.set('2026-03-02T16:45:00Z');
  await Promise.all(servers.map((srv) => srv.server.jobs!.tick()));
  const summaries = await connector.waitFor(() => {
    const found = connector.messagesIn(link.channelId).filter((m) => /^End of day/.test(cardsIn(m.activity)[0]?.body?.[0]?.text ?? ''));
    return found.length > 0 && found;
  });
  await new Promise((r) => setTimeout(r, 500));
  expect(connector.messagesIn(link.channelId).filter((m) => /^End of day/.test(cardsIn(m.activity)[0]?.body?.[0]?.text ?? ''))).toHaveLength(1);
  const card = cardsIn(summaries[0].activity)[0];
  expect(cardProblems(card)).toEqual([]);
  expect(textOf(card)).toContain('Unexplained this morning\n5');
  expect(textOf(card)).toContain('Still open\n5');
  // Counts only: no pupil's name reaches the channel in the summary.
  for (const p of s.pupils) expect(JSON.stringify(card)).not.toContain(p.legalSurname);
});
