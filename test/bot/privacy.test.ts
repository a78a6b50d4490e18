/**
 * Contacts' phone numbers and email addresses reach the claimer of a card and nobody else: not the channel
 * (every message the connector stand-in received), not the officer's preview, not another member of staff
 * pressing the same card.
 */
import { callingSchool, DAY, DURING_CALLS, type TeamsPerson } from '../support/calling-school';
import { dayThread, linkPastoralChannel, pressOn, startDailyRun, waitForPosted, type LinkedChannel } from '../support/calling-flow';
import { cardProblems, cardsIn } from '../support/card-validator';
import type { StoredMessage } from '../support/connector-stand-in';
import { setUpServerSuite } from '../support/server-suite';
import { cardPress, postActivity, type InvokeReply } from '../support/teams-activities';

const s = callingSchool({ urn: '100001', absent: 4, reviewBeforePosting: true });
const { connector, servers: [bot] } = setUpServerSuite({ connector: true, clock: DURING_CALLS, schools: [s] });
let link: LinkedChannel;
const seen: { reply: InvokeReply; mayHoldContacts: boolean; what: string }[] = [];

beforeAll(async () => {
  link = await linkPastoralChannel(bot, connector, s);
});

/** Every way a contact's number or address could be written: as stored, digits only, and as a tel: link. */
function contactDetails(): string[] {
  const out = new Set<string>();
  for (const c of s.contacts) {
    for (const p of c.phones) {
      out.add(p.number);
      out.add(p.number.replace(/\s/g, ''));
      out.add(p.number.replace(/\s/g, '').replace(/^0/, '+44'));
      out.add(p.number.replace(/\s/g, '').slice(1));
    }
    if (c.email) out.add(c.email);
  }
  return [...out];
}

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const UK_PHONE = /(?<![\d])(?:\+44\s?|0)(?:\d\s?){9,10}(?![\d])/g;

function leaks(payload: unknown): string[] {
  const text = JSON.stringify(payload);
  const found = contactDetails().filter((d) => text.includes(d));
  // Any phone-number shape at all, and any email address other than a member of staff's sign-in name.
  const phones = [...text.replace(/\d{13}/g, '').matchAll(UK_PHONE)].map((m) => m[0]);
  const emails = [...text.matchAll(EMAIL)].map((m) => m[0]).filter((e) => !e.endsWith(`@school${s.school.urn}.example`) && !/@thread\.(tacv2|skype)$/.test(e));
  return [...found, ...phones, ...emails];
}

async function press(message: StoredMessage, from: TeamsPerson, verb: string, mayHoldContacts: boolean, data: Record<string, unknown> = {}): Promise<InvokeReply> {
  const reply = await pressOn(bot, connector, link, message, from, verb, data);
  seen.push({ reply, mayHoldContacts, what: `${from.name} ${verb}` });
  return reply;
}

test('a working day: only the claimer ever receives contact details', async () => {
  await startDailyRun(bot, '100001', { date: DAY });
  const chat = connector.chats.find((c) => c.memberId === s.officer.aadObjectId)!;
  const preview = connector.messagesIn(chat.id)[0];
  const posted = await postActivity(
    bot.url,
    cardPress({ serviceUrl: connector.url, team: link.team, conversationId: chat.id, activityId: preview.id, from: s.officer, verb: 'postList', data: { urn: '100001', date: DAY, leaveOff: '' }, personal: true }),
  );
  seen.push({ reply: posted, mayHoldContacts: false, what: 'officer posts the list' });
  await waitForPosted(bot, '100001', DAY);
  const [first, second] = dayThread(connector, link.channelId).cards;
  const [a, b, c, d] = s.callers;
  const i = s.pupils.findIndex((p) => second.activity.attachments[0].content.body[0].id.endsWith(p.upn));

  await press(first, a, 'claim', true);
  await press(first, b, 'claim', false);
  await press(first, b, 'open', false);
  await press(first, b, 'refresh', false, {});
  await press(first, s.officer, 'reassignForm', false);
  await press(first, s.officer, 'reassign', false, { assignTo: c.upn });
  await press(first, a, 'refresh', false);
  await press(first, a, 'logAttempt', false, { contactId: 'm0', outcome: 'no-answer' });
  await press(first, c, 'open', true);
  const j = s.pupils.findIndex((p) => first.activity.attachments[0].content.body[0].id.endsWith(p.upn));
  await press(first, c, 'logAttempt', true, { contactId: `m${j}`, outcome: 'answered' });
  await press(first, c, 'scriptNext', true, { step: 'introduce' });
  await press(first, c, 'concernForm', true);
  await press(first, c, 'raiseConcern', true, { concernText: 'Mum said they were "going back to Lagos" — worried', from: 'identity' });
  await press(first, s.dsl, 'open', false);
  await press(first, s.stranger, 'claim', false);

  await press(second, d, 'claim', true);
  for (const contactId of [`m${i}`, `d${i}`, `m${i}`, `d${i}`]) await press(second, d, 'logAttempt', true, { contactId, outcome: 'voicemail' });
  await press(second, d, 'noContact', true);
  await press(second, a, 'open', false);

  // The channel catches up with the last changes.
  await connector.waitFor(() => JSON.stringify(connector.cardOf(second.id)).includes('No contact after two rounds'));
  await new Promise((r) => setTimeout(r, 1_500));

  // The check itself finds contact details where they are allowed: otherwise it would prove nothing.
  const callingViews = seen.filter((x) => x.mayHoldContacts && /(claim|open|logAttempt)$/.test(x.what));
  expect(callingViews.length).toBeGreaterThan(5);
  for (const x of callingViews) expect(leaks(x.reply.body).length).toBeGreaterThan(0);

  for (const x of seen.filter((x) => !x.mayHoldContacts)) expect({ what: x.what, leaks: leaks(x.reply.body) }).toEqual({ what: x.what, leaks: [] });
  expect(connector.records.length).toBeGreaterThan(10);
  for (const r of connector.records) expect({ kind: r.kind, to: r.conversationId, leaks: leaks(r.body) }).toEqual({ kind: r.kind, to: r.conversationId, leaks: [] });

  // And every card along the way reads as a Teams client would: schema 1.5, no errors.
  for (const r of connector.ok()) for (const card of cardsIn(r.body)) expect(cardProblems(card)).toEqual([]);
  for (const x of seen) if (x.reply.body.type === 'application/vnd.microsoft.card.adaptive') expect(cardProblems(x.reply.body.value)).toEqual([]);
});
