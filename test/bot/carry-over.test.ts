import { emptyYearMarks, withMark } from '../../bot/domain/session-marks';
import type { BotServer } from '../support/bot-server';
import { callingSchool, DAY, type TeamsPerson } from '../support/calling-school';
import { linkPastoralChannel, pressOn, startDailyRun, textOf, waitForPosted, type LinkedChannel } from '../support/calling-flow';
import { cardsIn } from '../support/card-validator';
import type { StoredMessage } from '../support/connector-stand-in';
import { setUpServerSuite } from '../support/server-suite';

const DAY2 = '2026-03-03';
const DAY3 = '2026-03-04';
const URN = '100011';

const s = callingSchool({ urn: URN, absent: 4 });
// No server yet: each school day gets its own (serverOn).
const suite = setUpServerSuite({ connector: true, graphAt: 'connector', schools: [s], servers: 0 });
const { storage, connector } = suite;
let link: LinkedChannel;

const nameOf = (upn: string) => {
  const p = s.pupils.find((x) => x.upn === upn)!;
  return `${p.legalForename} ${p.legalSurname}`;
};

/** A server whose clock starts at 09:30 on the given day: each school day is its own morning. */
function serverOn(date: string): Promise<BotServer> {
  return suite.startServer({ clock: `${date}T09:30:00Z` });
}

/** The day's pupil cards in the channel, by pupil name. */
function dayCards(dateLong: string): Map<string, StoredMessage> {
  const summary = connector.messagesIn(link.channelId).find((m) => textOf(cardsIn(m.activity)[0]).includes(`Unexplained absences: ${dateLong}`));
  if (!summary) throw new Error(`no summary card for ${dateLong}`);
  const cards = connector.messagesIn(`${link.channelId};messageid=${summary.id}`).filter((m) => cardsIn(m.activity).length > 0);
  return new Map(cards.map((m) => [cardsIn(m.activity)[0].body[0].columns[0].items[0].text as string, m]));
}

/** Registers for a later day: the given pupils absent with N, everyone else present. */
async function registerOn(date: string, absent: string[]): Promise<void> {
  const marks = await Promise.all(
    s.pupils.map(async (p) => {
      const year = (await storage.repos.marks.get(URN, 2025, p.upn))?.value ?? emptyYearMarks(p.upn, 2025);
      return withMark(year, { upn: p.upn, date, session: 'AM', code: absent.includes(p.upn) ? 'N' : '/' });
    }),
  );
  await storage.repos.marks.upsertMany(URN, marks);
}

async function press(bot: BotServer, message: StoredMessage, from: TeamsPerson, verb: string, data: Record<string, unknown> = {}): Promise<any> {
  const reply = await pressOn(bot, connector, link, message, from, verb, data);
  expect(reply.status).toBe(200);
  return reply.body.value;
}

afterEach(() => {
  expect(suite.cardProblems()).toEqual([]);
});

test('a pupil still unexplained at the end of the day is Day 2 on the next day with the calls attached; one resolved is day 1 again', async () => {
  const [rung, resolved, untouched, explainedNextDay] = s.expectedList;
  const iRung = s.pupils.findIndex((p) => p.upn === rung);
  const iResolved = s.pupils.findIndex((p) => p.upn === resolved);

  // Day 1: one pupil rung twice with nobody answering and left in progress, one resolved, one never claimed.
  const day1 = await serverOn(DAY);
  link = await linkPastoralChannel(day1, connector, s);
  await startDailyRun(day1, URN, { date: DAY });
  await waitForPosted(day1, URN, DAY);
  const monday = dayCards('Monday 2 March');
  const caller = s.callers[0];
  await press(day1, monday.get(nameOf(rung))!, caller, 'claim');
  await press(day1, monday.get(nameOf(rung))!, caller, 'logAttempt', { contactId: `m${iRung}`, outcome: 'no-answer', attempt: crypto.randomUUID() });
  await press(day1, monday.get(nameOf(rung))!, caller, 'logAttempt', { contactId: `d${iRung}`, outcome: 'voicemail', attempt: crypto.randomUUID() });

  const other = s.callers[1];
  const card = monday.get(nameOf(resolved))!;
  await press(day1, card, other, 'claim');
  await press(day1, card, other, 'logAttempt', { contactId: `m${iResolved}`, outcome: 'answered', attempt: crypto.randomUUID() });
  await press(day1, card, other, 'scriptNext', { step: 'introduce' });
  await press(day1, card, other, 'scriptNext', { step: 'identity', identity: 'confirmed' });
  await press(day1, card, other, 'scriptNext', { step: 'purpose' });
  await press(day1, card, other, 'scriptNext', { step: 'open-question', reason: 'barrier' });
  await press(day1, card, other, 'scriptNext', { step: 'barrier', barrier: 'overslept', comingIn: 'yes', arrivalTime: '10:15', supportOffered: 'Breakfast club' });
  const done = await press(day1, card, other, 'scriptNext', { step: 'finish', toldNotifyBy: 'true', nextSteps: 'Coming in late' });
  expect(textOf(done)).toContain('Call recorded.');
  await day1.stop();

  // Day 2: all three absent again; the fourth pupil of Monday's list is in.
  await registerOn(DAY2, [rung, resolved, untouched]);
  const day2 = await serverOn(DAY2);
  await startDailyRun(day2, URN, { date: DAY2 });
  await waitForPosted(day2, URN, DAY2);
  const tuesday = dayCards('Tuesday 3 March');
  expect([...tuesday.keys()].sort()).toEqual([rung, resolved, untouched].map(nameOf).sort());
  expect(tuesday.has(nameOf(explainedNextDay))).toBe(false);

  const rungShared = textOf(cardsIn(tuesday.get(nameOf(rung))!.activity)[0]);
  expect(rungShared).toContain('Day 2 — still unexplained since Monday 2 March');
  expect(textOf(cardsIn(tuesday.get(nameOf(untouched))!.activity)[0])).toContain('Day 2 — still unexplained since Monday 2 March');
  expect(textOf(cardsIn(tuesday.get(nameOf(resolved))!.activity)[0])).not.toContain('Day 2');
  // The channel sees how long, never who was rung or on what number.
  const channelJson = JSON.stringify(cardsIn(tuesday.get(nameOf(rung))!.activity)[0]);
  expect(channelJson).not.toMatch(/07700|tel:|Mrs Surname|Mr Surname|voicemail/i);

  // Tuesday's caller sees Monday's calls in their calling view.
  const view = textOf(await press(day2, tuesday.get(nameOf(rung))!, s.callers[2], 'claim'));
  // Yesterday comes before today's contacts: the caller reads it first.
  expect(view.indexOf('Day 2 — still unexplained')).toBeLessThan(view.indexOf('Contacts, in the order to ring them'));
  const surname = s.pupils[iRung].legalSurname;
  expect(view).toContain('Day 2 — still unexplained since Monday 2 March');
  expect(view).toContain('Monday 2 March: Claimed by Mx Caller1; no outcome recorded (2 calls logged).');
  expect(view).toContain(`Rang Mrs ${surname} (Mother), mobile: no answer (Mx Caller1)`);
  expect(view).toMatch(new RegExp(`Rang Mr ${surname} \\(Father\\): .*voicemail.* \\(Mx Caller1\\)`, 'i'));
  const freshView = textOf(await press(day2, tuesday.get(nameOf(resolved))!, s.callers[3], 'claim'));
  expect(freshView).not.toContain('still unexplained since');
  await day2.stop();

  // Day 3: the pupil claimed on Tuesday with nothing recorded is day 3, counted from Monday.
  await registerOn(DAY3, [rung]);
  const day3 = await serverOn(DAY3);
  await startDailyRun(day3, URN, { date: DAY3 });
  await waitForPosted(day3, URN, DAY3);
  const wednesday = dayCards('Wednesday 4 March');
  expect(textOf(cardsIn(wednesday.get(nameOf(rung))!.activity)[0])).toContain('Day 3 — still unexplained since Monday 2 March');
  const stored = (await storage.repos.pupilCards.get(URN, DAY3, rung))!.value;
  expect(stored.carriedOver).toMatchObject({ day: 3, since: DAY, previous: { date: DAY2, attempts: [] } });
});
