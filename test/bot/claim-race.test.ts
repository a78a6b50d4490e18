import type { BotServer } from '../support/bot-server';
import { callingSchool, DAY, DURING_CALLS } from '../support/calling-school';
import { dayThread, linkPastoralChannel, pressOn, startDailyRun, textOf, waitForPosted, type LinkedChannel } from '../support/calling-flow';
import { cardProblems, cardsIn } from '../support/card-validator';
import { setUpServerSuite } from '../support/server-suite';

const s = callingSchool({ urn: '100001', absent: 3 });
// The two servers run in processes of their own, as two instances of the web app would.
const suite = setUpServerSuite({ connector: true, clock: DURING_CALLS, schools: [s], servers: 0 });
const { storage, connector } = suite;
let servers: BotServer[] = [];
let link: LinkedChannel;

beforeAll(async () => {
  servers = await Promise.all([1, 2].map(() => suite.spawnServer()));
  link = await linkPastoralChannel(servers[0], connector, s);
  await startDailyRun(servers[1], '100001', { date: DAY });
  await waitForPosted(servers[0], '100001', DAY);
});

test('twenty claims at once across two servers: one winner, nineteen told who has it, no contacts to anyone else', async () => {
  const message = dayThread(connector, link.channelId).cards[0];
  const pupilName = cardsIn(message.activity)[0].body[0].columns[0].items[0].text;
  const replies = await Promise.all(s.callers.map((caller, i) => pressOn(servers[i % 2], connector, link, message, caller, 'claim')));

  for (const r of replies) {
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardProblems(r.body.value)).toEqual([]);
  }
  const winners = replies.map((r, i) => ({ r, caller: s.callers[i] })).filter(({ r }) => JSON.stringify(r.body.value).includes('tel:'));
  expect(winners).toHaveLength(1);
  const winner = winners[0].caller;
  const winnerName = `Mx Caller${s.callers.indexOf(winner) + 1}`;
  const losers = replies.filter((r) => r !== winners[0].r);
  expect(losers).toHaveLength(19);
  for (const r of losers) {
    expect(textOf(r.body.value)).toMatch(new RegExp(`${winnerName} claimed ${pupilName} at \\d\\d:\\d\\d\\.`));
    expect(JSON.stringify(r.body.value)).not.toMatch(/07700|tel:|@family\.example/);
  }

  const card = (await storage.repos.pupilCards.list('100001', DAY)).map((c) => c.value).find((c) => c.pupil.name === pupilName)!;
  expect(card.claim).toMatchObject({ byId: winner.upn, byMri: winner.mri });
  expect(card.revision).toBe(1);
  const claims = (await storage.repos.chronology.forPupil('100001', card.pupil.upn)).filter((e) => e.kind === 'claim');
  expect(claims).toHaveLength(1);
  const audit = await storage.repos.audit.forPupil('100001', card.pupil.upn);
  expect(audit.filter((e) => e.action === 'claim')).toHaveLength(1);
  expect(audit.filter((e) => e.action === 'card.refused' && e.outcome === 'denied')).toHaveLength(19);

  const shared = await connector.waitFor(() => textOf(connector.cardOf(message.id)).includes(`Claimed by ${winnerName}`) && connector.cardOf(message.id));
  expect(shared.refresh.userIds).toEqual([winner.mri]);
  expect(JSON.stringify(shared)).not.toMatch(/07700|tel:|@family\.example/);
}, 60_000);
