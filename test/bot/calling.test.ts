import { callingSchool, DAY, DURING_CALLS, type CallingSchool } from '../support/calling-school';
import { cardFor, dayThread, keyOf, linkAndPostTheList, pressOn, textOf, type LinkedChannel } from '../support/calling-flow';
import { cardProblems } from '../support/card-validator';
import type { StoredMessage } from '../support/connector-stand-in';
import { setUpServerSuite } from '../support/server-suite';
import type { InvokeReply } from '../support/teams-activities';

const s = callingSchool({ urn: '100001', absent: 6 });
const suite = setUpServerSuite({ connector: true, clock: DURING_CALLS, schools: [s] });
const { storage, connector, servers: [bot] } = suite;
let link: LinkedChannel;
const replies: InvokeReply[] = [];

const nameOf = (i: number) => `${s.pupils[i].legalForename} ${s.pupils[i].legalSurname}`;
const pupilAt = (listIndex: number) => s.pupils.findIndex((p) => p.upn === s.expectedList[listIndex]);

async function press(message: StoredMessage, from: CallingSchool['lead'], verb: string, data: Record<string, unknown> = {}): Promise<any> {
  const reply = await pressOn(bot, connector, link, message, from, verb, data);
  replies.push(reply);
  expect(reply.status).toBe(200);
  return reply.body;
}

beforeAll(async () => {
  link = await linkAndPostTheList(bot, connector, s);
});

afterEach(() => {
  expect(suite.cardProblems()).toEqual([]);
  for (const r of replies) if (r.body.type === 'application/vnd.microsoft.card.adaptive') expect(cardProblems(r.body.value)).toEqual([]);
});

test('claim: the claimer gets contacts with tel: links and the log; everyone sees "Claimed by"; a second claimer is told who has it', async () => {
  const i = pupilAt(0);
  const message = cardFor(connector, link.channelId, nameOf(i));
  const mine = await press(message, s.callers[0], 'claim');
  expect(mine.type).toBe('application/vnd.microsoft.card.adaptive');
  const view = textOf(mine.value);
  expect(view).toContain(`1. Mrs ${s.pupils[i].legalSurname} (Mother)`);
  expect(view).toContain(`[Mobile 07700 900${String(100 + i)}](tel:+447700900${String(100 + i)})`);
  expect(view).toContain('Round 1 of at least 2');
  expect(mine.value.refresh.userIds).toEqual([s.callers[0].mri]);

  const shared = await connector.waitFor(() => textOf(connector.cardOf(message.id)).includes('Claimed by') && connector.cardOf(message.id));
  expect(textOf(shared)).toMatch(/Claimed by Mx Caller1, \d\d:\d\d/);
  expect(shared.refresh.userIds).toEqual([s.callers[0].mri]);
  expect(JSON.stringify(shared)).not.toMatch(/07700|@family\.example|tel:/);

  const theirs = await press(message, s.callers[1], 'claim');
  expect(textOf(theirs.value)).toMatch(new RegExp(`Mx Caller1 claimed ${nameOf(i)} at \\d\\d:\\d\\d\\.`));
  expect(JSON.stringify(theirs.value)).not.toMatch(/07700|tel:/);
  const open = await press(message, s.callers[1], 'open');
  expect(textOf(open.value)).toContain(`Mx Caller1 is calling about ${nameOf(i)}; only they see the contacts.`);

  // Teams refreshes the card for the claimer on its own; the refresh reads the contacts again, and that is audited.
  const refreshed = await press(message, s.callers[0], 'refresh', { });
  expect(textOf(refreshed.value)).toContain('Contacts, in the order to ring them');
  const audit = await storage.repos.audit.forPupil('100001', s.pupils[i].upn);
  expect(audit.filter((e) => e.action === 'contacts.read')).toHaveLength(2);
  expect(audit.filter((e) => e.action === 'claim' && e.outcome === 'ok')).toHaveLength(1);
  const chronology = await storage.repos.chronology.forPupil('100001', s.pupils[i].upn);
  expect(chronology.map((e) => e.summary)).toEqual(['Claimed for first-day calling by Mx Caller1']);
});

test('the call log counts rounds; "no contact" only after two full rounds, which passes the card to the safeguarding team', async () => {
  const i = pupilAt(1);
  const message = cardFor(connector, link.channelId, nameOf(i));
  const caller = s.callers[2];
  await press(message, caller, 'claim');
  const log = (contactId: string, outcome: string) => press(message, caller, 'logAttempt', { contactId, outcome, attempt: crypto.randomUUID() });

  expect(textOf((await log(`m${i}`, 'no-answer')).value)).toContain('Rung 1 time · last: no answer');
  const overseas = await log(`d${i}`, 'overseas-ringtone');
  expect(textOf(overseas.value)).toContain('An overseas ringtone was heard: the family may be abroad.');
  expect(textOf(overseas.value)).toContain('Round 2 of at least 2');
  const early = await press(message, caller, 'noContact');
  expect(textOf(early.value)).toContain('Ring every contact at least 2 times before recording no contact: 1 of 2 full rounds done.');
  await log(`m${i}`, 'voicemail');
  await log(`d${i}`, 'text-sent');
  expect(textOf((await press(message, caller, 'noContact')).value)).toContain('1 of 2 full rounds done');
  const done = await log(`d${i}`, 'no-answer');
  expect(textOf(done.value)).toContain('2 full rounds done. If nobody answers, record no contact.');
  expect(done.value.actions.map((a: any) => a.verb)).toContain('noContact');

  // Someone else cannot log calls on this card.
  const intruder = await press(message, s.callers[3], 'logAttempt', { contactId: `m${i}`, outcome: 'no-answer' });
  expect(textOf(intruder.value)).toMatch(/Mx Caller3 is calling about .* Only they can log calls\./);

  const recorded = await press(message, caller, 'noContact');
  expect(textOf(recorded.value)).toContain('Recorded as no contact. The safeguarding team has been told.');
  expect(textOf(recorded.value)).toContain('Does the child have additional agency support, such as a social worker?');
  const shared = await connector.waitFor(() => textOf(connector.cardOf(message.id)).includes('No contact after two rounds') && connector.cardOf(message.id));
  // Nothing left to press on the channel's card: only the link to the pupil's case.
  expect((shared.actions ?? []).map((x: { type: string; title: string }) => `${x.type} ${x.title}`)).toEqual(['Action.OpenUrl Open case']);
  const card = (await storage.repos.pupilCards.get('100001', DAY, s.pupils[i].upn))!.value;
  expect(card).toMatchObject({ status: 'no-contact', noContact: { escalation: 'awaiting-dsl', completedRounds: 2 } });
  const chronology = await storage.repos.chronology.forPupil('100001', s.pupils[i].upn);
  expect(chronology.map((e) => e.kind)).toEqual(['claim', 'call-attempt', 'call-attempt', 'call-attempt', 'call-attempt', 'call-attempt', 'escalation']);
  expect(chronology[2]).toMatchObject({ summary: `Rang Mr ${s.pupils[i].legalSurname} (Father): overseas ringtone (family may be abroad)`, detail: { familyMayBeAbroad: true }, byName: 'Mx Caller3' });
  const notice = await connector.waitFor(() => connector.messagesIn(dayThread(connector, link.channelId).thread).find((m) => /could not be reached after two full rounds/.test(m.activity.text ?? '')));
  expect(notice.activity.text).not.toContain(s.pupils[i].legalSurname);
});

test('an answered call walks the script of seed 000 to an outcome with a suggested code, in the chronology', async () => {
  const i = pupilAt(2);
  const message = cardFor(connector, link.channelId, nameOf(i));
  const caller = s.callers[4];
  await press(message, caller, 'claim');
  const answered = await press(message, caller, 'logAttempt', { contactId: `m${i}`, outcome: 'answered' });
  let view = answered.value;
  expect(textOf(view)).toContain('Someone answered: follow the script below.');
  expect(textOf(view)).toContain('Introduce yourself');
  const next = async (step: string, values: Record<string, unknown> = {}) => {
    const res = await press(message, caller, 'scriptNext', { step, ...values });
    view = res.value;
    return textOf(view);
  };
  expect(await next('introduce')).toContain('Check you are speaking to the right person');
  expect(textOf(view)).toContain('say nothing about');
  expect(await next('identity', { identity: 'confirmed' })).toContain("isn't in school today and we're concerned");
  expect(await next('purpose')).toContain('Do not ask a leading question such as "Is');
  expect(await next('open-question', { reason: 'barrier' })).toContain('be supportive but firm');
  // A step pressed twice (a double click) changes nothing.
  expect(textOf((await press(message, caller, 'scriptNext', { step: 'open-question', reason: 'illness' })).value)).toContain('This step has already been recorded.');
  expect(await next('barrier', { barrier: 'overslept', comingIn: 'yes' })).toContain('Enter the arrival time you agreed.');
  expect(await next('barrier', { barrier: 'overslept', comingIn: 'yes', arrivalTime: '10:15', supportOffered: 'Breakfast club' })).toContain('let us know by 08:30');
  expect(await next('finish', { toldNotifyBy: 'true', nextSteps: 'Dad bringing him in at 10:15' })).toContain('Call recorded. Suggested register code: U.');
  expect(textOf(view)).toContain('Arrival time agreed\n10:15');

  const shared = await connector.waitFor(() => textOf(connector.cardOf(message.id)).includes('Call recorded by Mx Caller5') && connector.cardOf(message.id));
  expect(JSON.stringify(shared)).not.toMatch(/10:15|Breakfast|overslept/i);
  const chronology = await storage.repos.chronology.forPupil('100001', s.pupils[i].upn);
  const outcome = chronology.find((e) => e.kind === 'call-outcome')!;
  expect(outcome.summary).toBe(`Spoke to Mrs ${s.pupils[i].legalSurname} (Mother): Overslept, no clean uniform, no packed lunch or similar; coming in at 10:15. Suggested code U.`);
  expect(outcome.detail).toMatchObject({ arrivalTime: '10:15', toldNotifyBy: true, nextSteps: 'Dad bringing him in at 10:15' });
  const audit = await storage.repos.audit.forPupil('100001', s.pupils[i].upn);
  expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['claim', 'call.answered', 'script.introduce', 'script.barrier', 'call.outcome']));

  const again = await press(message, s.callers[5], 'claim');
  expect(textOf(again.value)).toMatch(/call was recorded by Mx Caller5 at \d\d:\d\d\./);
});

test('the wrong person answering stops the script and ringing carries on', async () => {
  const i = pupilAt(3);
  const message = cardFor(connector, link.channelId, nameOf(i));
  const caller = s.callers[6];
  await press(message, caller, 'claim');
  await press(message, caller, 'logAttempt', { contactId: `m${i}`, outcome: 'answered' });
  await press(message, caller, 'scriptNext', { step: 'introduce' });
  const stopped = await press(message, caller, 'scriptNext', { step: 'identity', identity: 'wrong-person' });
  expect(textOf(stopped.value)).toContain('The call ended without anything being shared about');
  expect(textOf(stopped.value)).toContain('answered by someone else, nothing shared');
  expect(textOf(stopped.value)).toContain('Log this call');
});

test('a concern raised mid-call goes to the safeguarding team; the channel learns only that there is one', async () => {
  const i = pupilAt(4);
  const message = cardFor(connector, link.channelId, nameOf(i));
  const caller = s.callers[7];
  await press(message, caller, 'claim');
  await press(message, caller, 'logAttempt', { contactId: `d${i}`, outcome: 'answered' });
  const form = await press(message, caller, 'concernForm');
  expect(textOf(form.value)).toContain('Raise a safeguarding concern');
  const concernId = JSON.stringify(form.value).match(/"concern":"([^"]+)"/)![1];
  const empty = await press(message, caller, 'raiseConcern', { concern: concernId, concernText: '  ', from: 'introduce' });
  expect(textOf(empty.value)).toContain('Describe the concern');
  const raised = await press(message, caller, 'raiseConcern', { concern: concernId, concernText: 'Shouting in the background; parent slurring', from: 'introduce' });
  expect(textOf(raised.value)).toContain('Your concern has gone to the safeguarding team.');
  await press(message, caller, 'raiseConcern', { concern: concernId, concernText: 'Shouting in the background; parent slurring', from: 'introduce' });

  const concerns = await storage.repos.concerns.forPupil('100001', s.pupils[i].upn);
  expect(concerns).toHaveLength(1);
  expect(concerns[0]).toMatchObject({ text: 'Shouting in the background; parent slurring', raisedByName: 'Mx Caller8', status: 'raised' });
  const entry = (await storage.repos.chronology.forPupil('100001', s.pupils[i].upn)).find((e) => e.kind === 'concern')!;
  expect(entry).toMatchObject({ restricted: true, detail: { text: 'Shouting in the background; parent slurring' } });

  const { summary, thread } = dayThread(connector, link.channelId);
  const notice = await connector.waitFor(() => connector.messagesIn(thread).find((m) => /a concern has been raised/.test(m.activity.text ?? '')));
  expect(notice.activity.text).toBe(`<at>Daniel Okafor</at>: a concern has been raised about ${nameOf(i)} by Mx Caller8: see your chat.`);
  await connector.waitFor(() => /Concerns/.test(textOf(connector.cardOf(summary.id))) && /\n1\nConcerns/.test(textOf(connector.cardOf(summary.id))));
  // The detail goes only to the DSL's 1:1 chat.
  const everything = JSON.stringify(connector.records.filter((r) => !connector.chats.some((c) => c.id === r.conversationId)).map((r) => r.body));
  expect(everything).not.toContain('slurring');
});

test('release and reassign: by the claimer or the officer; the new claimer gets the calling view', async () => {
  const i = pupilAt(5);
  const message = cardFor(connector, link.channelId, nameOf(i));
  await press(message, s.callers[8], 'claim');
  const notYours = await press(message, s.callers[9], 'release');
  expect(textOf(notYours.value)).toContain(`Only Mx Caller9 or the attendance officer can release ${nameOf(i)}.`);
  const released = await press(message, s.callers[8], 'release');
  expect(textOf(released.value)).toContain('Released: anyone can claim');
  await press(message, s.callers[9], 'claim');

  const form = await press(message, s.callers[10], 'reassignForm');
  expect(textOf(form.value)).toContain('Only the attendance officer or attendance lead can reassign a pupil.');
  const officerForm = await press(message, s.officer, 'reassignForm');
  expect(JSON.stringify(officerForm.value)).toContain('"id":"assignTo"');
  const moved = await press(message, s.officer, 'reassign', { assignTo: s.callers[11].upn });
  expect(textOf(moved.value)).toContain('Reassigned to Mx Caller12.');
  const theirs = await press(message, s.callers[11], 'open');
  expect(textOf(theirs.value)).toContain('assigned to you by Mrs Sharma');
  expect(textOf(theirs.value)).toContain('tel:');
  const old = await press(message, s.callers[9], 'logAttempt', { contactId: `m${i}`, outcome: 'no-answer' });
  expect(JSON.stringify(old.value)).not.toContain('tel:');
  const chronology = await storage.repos.chronology.forPupil('100001', s.pupils[i].upn);
  expect(chronology.map((e) => e.summary)).toEqual([
    'Claimed for first-day calling by Mx Caller9',
    'Released by Mx Caller9',
    'Claimed for first-day calling by Mx Caller10',
    'Reassigned from Mx Caller10 to Mx Caller12 by Mrs Sharma',
  ]);
});

test('presses that do not fit change nothing: not on the staff list, a forged card key, another school, an earlier day', async () => {
  const message = dayThread(connector, link.channelId).cards[0];
  const before = (await storage.repos.pupilCards.get('100001', DAY, keyOf(message).split('|')[2]))!.etag;
  const stranger = await press(message, s.stranger, 'claim');
  expect(stranger.value).toBe("You are not on Oakfield Park Academy's staff list in Firstday, so you cannot use these cards. Ask your attendance lead to add you.");
  const forged = await pressOn(bot, connector, link, message, s.callers[0], 'claim', { card: '100001|2026-03-02|nonsense' });
  expect(forged.body.value).toBe('This card is not one Firstday recognises, so nothing was changed.');
  const otherSchool = await pressOn(bot, connector, link, message, s.callers[0], 'claim', { card: keyOf(message).replace('100001', '100009') });
  expect(otherSchool.body.value).toMatch(/belongs to another school's list/);
  expect((await storage.repos.pupilCards.get('100001', DAY, keyOf(message).split('|')[2]))!.etag).toBe(before);
});

test("yesterday's cards answer read-only", async () => {
  const later = await suite.startServer({ clock: '2026-03-03T09:30:00Z' });
  try {
    const message = dayThread(connector, link.channelId).cards[5];
    const res = await pressOn(later, connector, link, message, s.callers[13], 'claim');
    expect(textOf(res.body.value)).toContain('This card is from Monday 2 March. Cards from earlier days can be read but no longer changed.');
    expect((res.body.value.actions ?? []).map((x: { type: string; title: string }) => `${x.type} ${x.title}`)).toEqual(['Action.OpenUrl Open case']);
    const refresh = await pressOn(later, connector, link, message, s.callers[13], 'refresh');
    expect(JSON.stringify(refresh.body.value)).not.toContain('tel:');
  } finally {
    await later.stop();
  }
});
