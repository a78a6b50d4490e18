import { emptyYearMarks, withMark } from '../../bot/domain/session-marks';
import { FiguresRepository } from '../../bot/store/figures-repository';
import { callingSchool, DAY, DURING_CALLS } from '../support/calling-school';
import { cardFor, chatMessages, linkAndPostTheList, pressOn, textOf, type LinkedChannel } from '../support/calling-flow';
import { cardProblems, cardsIn } from '../support/card-validator';
import type { StoredMessage } from '../support/connector-stand-in';
import { setUpServerSuite, TestClock } from '../support/server-suite';
import { cardPress, postActivity, type TeamRef } from '../support/teams-activities';
import { withSafeguardingStaff } from './harness';

let link: LinkedChannel;
const clock = new TestClock(DURING_CALLS);
const s = withSafeguardingStaff(callingSchool({ urn: '100001', absent: 6 }));
const URN = '100001';
const headOfYear = s.callers[10];
s.school.staff.find((m) => m.upn === headOfYear.upn)!.roles = ['head-of-year'];
const { storage, connector, servers: [srv, srv2] } = setUpServerSuite({ connector: true, graph: true, clock, servers: 2, schools: [s] });

const nameOf = (i: number) => `${s.pupils[i].legalForename} ${s.pupils[i].legalSurname}`;
const pupilAt = (listIndex: number) => s.pupils.findIndex((p) => p.upn === s.expectedList[listIndex]);

async function press(message: StoredMessage, from: typeof s.lead, verb: string, data: Record<string, unknown> = {}): Promise<any> {
  const reply = await pressOn(srv, connector, link, message, from, verb, data);
  expect(reply.status).toBe(200);
  return reply.body;
}

function messagesTo(aadObjectId: string): string[] {
  const person = [s.lead, s.officer, s.dsl, s.deputy, ...s.callers].find((p) => p.aadObjectId === aadObjectId);
  return chatMessages(connector, person ?? aadObjectId).map((m) => m.activity.text ?? '');
}

/** The caller reaches the mother, who agrees to bring the pupil in at 10:15. */
async function agreeArrival(listIndex: number, caller: typeof s.lead): Promise<number> {
  const i = pupilAt(listIndex);
  const message = cardFor(connector, link.channelId, nameOf(i));
  await press(message, caller, 'claim');
  await press(message, caller, 'logAttempt', { contactId: `m${i}`, outcome: 'answered' });
  for (const [step, values] of [
    ['introduce', {}],
    ['identity', { identity: 'confirmed' }],
    ['purpose', {}],
    ['open-question', { reason: 'barrier' }],
    ['barrier', { barrier: 'overslept', comingIn: 'yes', arrivalTime: '10:15' }],
  ] as const) {
    await press(message, caller, 'scriptNext', { step, ...values });
  }
  const done = await press(message, caller, 'scriptNext', { step: 'finish', toldNotifyBy: 'true', nextSteps: 'Mum bringing them in at 10:15' });
  expect(textOf(done.value)).toContain('Call recorded.');
  return i;
}

const tickBoth = () => Promise.all([srv.server.jobs!.tick(), srv2.server.jobs!.tick()]);
const settle = () => new Promise((r) => setTimeout(r, 300));

beforeAll(async () => {
  link = await linkAndPostTheList(srv, connector, s);
});

test('an agreed arrival time passes with no late mark: the claimer is told once, and not about a pupil who came in', async () => {
  const late = await agreeArrival(0, s.callers[0]);
  const cameIn = await agreeArrival(1, s.callers[1]);
  // The second pupil arrives and is marked late.
  const upn = s.pupils[cameIn].upn;
  const year = (await storage.repos.marks.get(URN, 2025, upn))?.value ?? emptyYearMarks(upn, 2025);
  await storage.repos.marks.upsertMany(URN, [withMark(year, { upn, date: DAY, session: 'AM', code: 'L', minutesLate: 60 })]);

  clock.set('2026-03-02T10:25:00Z');
  await tickBoth();
  await settle();
  expect(messagesTo(s.callers[0].aadObjectId).filter((t) => t.includes('was due in by'))).toHaveLength(0);

  clock.set('2026-03-02T10:30:00Z');
  await tickBoth();
  await connector.waitFor(() => messagesTo(s.callers[0].aadObjectId).find((t) => t.includes('was due in by')));
  clock.set('2026-03-02T10:35:00Z');
  await tickBoth();
  await settle();
  const told = messagesTo(s.callers[0].aadObjectId).filter((t) => t.includes('was due in by'));
  expect(told).toEqual([`${nameOf(late)} (${s.pupils[late].form}) was due in by 10:15 as agreed with Mrs ${s.pupils[late].legalSurname} (Mother), and has no present or late mark yet. Please check with reception and ring the family again.`]);
  expect(messagesTo(s.callers[1].aadObjectId).filter((t) => t.includes('was due in by'))).toHaveLength(0);
  const chronology = await storage.repos.chronology.forPupil(URN, s.pupils[late].upn);
  expect(chronology.filter((e) => e.summary.includes('after the agreed arrival time of 10:15'))).toHaveLength(1);
});

test('a band crossing nobody has acted on goes to the head of year and the band watcher once, its case is opened, and it is marked handled', async () => {
  const figures = new FiguresRepository({ store: storage.repos.store });
  const pupil = s.pupils[8];
  await figures.recordCrossing({
    urn: URN,
    academicYear: 2025,
    upn: pupil.upn,
    yearGroup: pupil.yearGroup,
    belowPercent: 92,
    label: 'Below 92%',
    fromBelowPercent: 95,
    percent: 91.4,
    crossedOn: '2026-02-27',
    recordedAt: '2026-03-01T20:00:00.000Z',
    watcherUpn: s.officer.upn,
    headsOfYear: [headOfYear.upn],
  });
  clock.set('2026-03-02T11:00:00Z');
  await tickBoth();
  const expected = `${pupil.legalForename} ${pupil.legalSurname} (Year ${pupil.yearGroup}) has moved into "Below 92%": 91.4% attendance this year to 2026-02-27. A Support First case is open for them in Firstday.`;
  await connector.waitFor(() => messagesTo(headOfYear.aadObjectId).includes(expected) && messagesTo(s.officer.aadObjectId).includes(expected));
  clock.set('2026-03-02T11:05:00Z');
  await tickBoth();
  await settle();
  expect(messagesTo(headOfYear.aadObjectId).filter((t) => t === expected)).toHaveLength(1);
  expect(messagesTo(s.officer.aadObjectId).filter((t) => t === expected)).toHaveLength(1);
  expect(await figures.unhandledCrossings(URN, 2025)).toEqual([]);
  const cases = await storage.repos.cases.list(URN);
  expect(cases.map((c) => c.case.pupilUpn)).toContain(pupil.upn);
});

test('a call-back promised by a named member of staff: their task at once, a reminder when due, done by them only', async () => {
  clock.set('2026-03-02T11:30:00Z');
  const i = pupilAt(2);
  const message = cardFor(connector, link.channelId, nameOf(i));
  const caller = s.callers[2];
  await press(message, caller, 'claim');
  await press(message, caller, 'logAttempt', { contactId: `m${i}`, outcome: 'answered' });
  for (const [step, values] of [
    ['introduce', {}],
    ['identity', { identity: 'confirmed' }],
    ['purpose', {}],
    ['open-question', { reason: 'family-emergency' }],
    ['family-emergency', { emergency: 'Grandmother taken to hospital', comingIn: 'no', callBackBy: 'Mrs Sharma' }],
  ] as const) {
    await press(message, caller, 'scriptNext', { step, ...values });
  }
  const done = await press(message, caller, 'scriptNext', { step: 'finish', toldNotifyBy: 'true', nextSteps: 'Mrs Sharma to ring this afternoon' });
  expect(textOf(done.value)).toContain('Call recorded.');

  const tasks = () => (connector.chats.find((c) => c.memberId === s.officer.aadObjectId || c.memberId === s.officer.mri) ? connector.messagesIn(connector.chats.find((c) => c.memberId === s.officer.aadObjectId || c.memberId === s.officer.mri)!.id) : []).filter((m) => textOf(cardsIn(m.activity)[0]).includes(`Call-back: ${nameOf(i)}`));
  await tickBoth();
  const task = await connector.waitFor(() => tasks()[0]);
  const card = cardsIn(task.activity)[0];
  expect(cardProblems(card)).toEqual([]);
  expect(textOf(card)).toContain('Grandmother taken to hospital');
  expect(textOf(card)).not.toContain('Reminder:');

  clock.set('2026-03-02T13:25:00Z');
  await tickBoth();
  await settle();
  expect(tasks()).toHaveLength(1);
  clock.set('2026-03-02T13:30:00Z');
  await tickBoth();
  const reminder = await connector.waitFor(() => tasks()[1]);
  expect(textOf(cardsIn(reminder.activity)[0])).toContain('Reminder: this call-back is due and has not been marked done.');
  clock.set('2026-03-02T13:35:00Z');
  await tickBoth();
  await settle();
  expect(tasks()).toHaveLength(2);

  const team: TeamRef = { id: 'none', aadGroupId: 'none', name: 'none' } as TeamRef;
  const pressDone = (from: typeof s.lead) => postActivity(srv.url, cardPress({ serviceUrl: connector.url, team, conversationId: reminder.conversationId, activityId: reminder.id, from, verb: 'callBackDone', data: { urn: URN, date: DAY, upn: s.pupils[i].upn }, personal: true }));
  const refused = await pressDone(s.callers[7]);
  expect(textOf(refused.body.value)).toContain("The call-back is Mrs Sharma's to make");
  const ok = await pressDone(s.officer);
  expect(textOf(ok.body.value)).toContain('Done: Mrs Sharma at 13:35.');
  const chronology = await storage.repos.chronology.forPupil(URN, s.pupils[i].upn);
  expect(chronology.map((e) => e.summary)).toEqual(expect.arrayContaining(['Call-back to the family given to Mrs Sharma as a task', 'Called the family back (Mrs Sharma)']));
});
