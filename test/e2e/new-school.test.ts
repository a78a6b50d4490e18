/**
 * A real school, end to end, through nothing but what a trust and its staff use: the real server with no demo,
 * a school created over HTTP, its staff, calendar, pupils, contacts, marks and absence reports imported over
 * HTTP, Firstday added to the pastoral team (its roster read from the Bot Connector stand-in, so staff who never
 * opened the app are matched by sign-in name), the channel linked by the attendance lead the staff file names,
 * and the school day run on a set clock: the officer, found only through the roster, gets exactly the
 * unexplained pupils to check in a 1:1 chat.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runImportCli } from '../../bot/commands/import-command';
import { runSchoolCli } from '../../bot/commands/school-command';
import { TEST_API_KEY } from '../support/bot-server';
import type { TeamsPerson } from '../support/calling-school';
import { cardsIn } from '../support/card-validator';
import { eventually } from '../support/eventually';
import { setUpServerSuite, TestClock } from '../support/server-suite';
import { cardPress, channelMessage, pastoralChannel, postActivity, teamFor } from '../support/teams-activities';

const URN = '140123';
const DOMAIN = 'riverside.example';
const person = (n: number, name: string, upn: string): TeamsPerson => ({ mri: `29:riverside-${n}`, aadObjectId: `00000000-0000-4000-8000-0000000140${String(n).padStart(2, '0')}`, name, upn: `${upn}@${DOMAIN}` });
const lead = person(1, 'Helen Ashworth', 'h.ashworth');
const officer = person(2, 'Anna Officer', 'a.officer');
const dsl = person(3, 'Daniel Okafor', 'd.okafor');

const STAFF = `Sign-in Name,Display Name,Title,Roles,Year Groups
${lead.upn},Helen Ashworth,Mrs Ashworth,Attendance lead,
${officer.upn},Anna Officer,Ms Officer,Attendance officer,
${dsl.upn},Daniel Okafor,Mr Okafor,DSL,
g.thompson@${DOMAIN},Grace Thompson,Miss Thompson,Head of year,Year 7|Year 9
`;
const CALENDAR = `Kind,Name,Start,End
Term,Autumn 1,03/09/2026,23/10/2026
Term,Autumn 2,02/11/2026,18/12/2026
INSET,Staff training,03/09/2026,
`;
const PUPILS = `UPN,Legal Surname,Legal Forename,Preferred Forename,Year Group,Form,Date of Birth,Admission Date
G938202510010,O'Brien,Zoë,,Year 9,9KH,14/03/2012,01/09/2023
V938202510020,Smith,Harry,,9,9KH,30/07/2012,01/09/2023
H938202510030,Begum,Amina,,Y7,7RB,02/11/2014,01/09/2026
W938202510040,Kowalski,Jan,,Y7,7RB,05/05/2015,01/09/2026
`;
const CONTACTS = `UPN,Contact ID,Priority,Name,Relationship,Parental Responsibility,Lives With Pupil,Mobile Phone
G938202510010,C100,1,Linh O'Brien,Mother,Y,Y,07700 900123
W938202510040,C400,1,Ewa Kowalski,Mother,Y,Y,07700 900400
`;
// Monday 23 November: Zoë is N, Amina is N but her mother rang, Harry is in, Jan has no mark at all.
const MARKS = `UPN,Date,AM,PM
G938202510010,20/11/2026,/,\\
V938202510020,20/11/2026,/,\\
H938202510030,20/11/2026,/,\\
W938202510040,20/11/2026,/,\\
G938202510010,23/11/2026,N,
V938202510020,23/11/2026,/,
H938202510030,23/11/2026,N,
`;
const REPORTS = `Report ID,UPN,Reported By,Received At,Method,From Date,From Session,To Date,To Session,Reason,Suggested Code
R-1,H938202510030,Mother,23/11/2026 08:05,Phone,23/11/2026,AM,23/11/2026,PM,Dentist then school,M
`;

// Monday 23 November 2026, 09:16 in London (GMT): the register closed at 09:10.
const clock = new TestClock('2026-11-23T09:16:00Z');
const team = teamFor('riverside');
// No school yet: it is created over HTTP. Graph is the connector stand-in's channel routes, asked with a token.
const { storage, connector, servers: [srv] } = setUpServerSuite({ connector: true, graphAt: 'connector', graphToken: true, clock });

const api = (path: string, body: unknown) =>
  fetch(`${srv.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_KEY}` }, body: JSON.stringify(body) });
const file = (kind: string, text: string) => ({ kind, name: `${kind}.csv`, contentBase64: Buffer.from(text).toString('base64') });

test('a school created and imported over HTTP, linked in Teams by its lead, gets exactly its unexplained pupils on the day', async () => {
  expect((await api('/api/schools', { urn: URN, name: 'Riverside Academy' })).status).toBe(201);

  const people = await api(`/api/schools/${URN}/imports`, { files: [file('staff', STAFF), file('calendar', CALENDAR)] });
  expect(people.status).toBe(200);
  const data = await api(`/api/schools/${URN}/imports`, {
    files: [file('pupils', PUPILS), file('contacts', CONTACTS), file('marks', MARKS), file('reports', REPORTS)],
  });
  expect(data.status).toBe(200);
  expect((await data.json()).summary.pupils).toMatchObject({ added: 4 });

  // Nobody in the staff file has an object id yet: Teams' roster of the pastoral team supplies them.
  connector.rosters.set(team.id, [lead, officer, dsl].map((p) => ({ id: p.mri, name: p.name, aadObjectId: p.aadObjectId, userPrincipalName: p.upn })));
  for (const p of [lead, officer, dsl]) connector.members.set(p.mri, { id: p.mri, name: p.name, aadObjectId: p.aadObjectId, userPrincipalName: p.upn });

  // The lead links the pastoral channel: "@Firstday link", then the school's URN on the card.
  const channelId = pastoralChannel(team);
  await postActivity(srv.url, channelMessage(connector.url, team, channelId, lead, 'link'));
  const card = await connector.waitFor(() => connector.ok('send').find((r) => r.conversationId.startsWith(`${channelId};`)), 10_000, 'the link card');
  const linked = await postActivity(srv.url, cardPress({ serviceUrl: connector.url, team, conversationId: card.conversationId, activityId: card.activityId!, from: lead, verb: 'linkChannel', data: { channel: channelId, urn: URN } }));
  expect(String(linked.body?.value?.body?.[0]?.text)).toMatch(/^This channel is linked/);

  // The roster bound the staff file's entries to their Entra object ids.
  await eventually(async () => (await storage.repos.schools.get(URN))!.value.staff.find((s) => s.upn === officer.upn)?.aadObjectId === officer.aadObjectId, 15_000, 'the officer bound from the roster');

  // The school day runs on its own clock: the morning list is due.
  await srv.server.jobs!.tick();
  const run = await eventually(async () => (await storage.repos.dailyRuns.get(URN, '2026-11-23'))?.value, 15_000, "the day's run");
  expect(run.state).toBe('awaiting-review');
  expect([...run.list].sort()).toEqual(['G938202510010', 'W938202510040']);

  // The officer, who never opened the app, gets the list to check in a 1:1 chat opened with their Teams id.
  const chat = await eventually(() => connector.chats.find((c) => c.memberId === officer.mri), 15_000, "the officer's chat");
  const preview = JSON.stringify(cardsIn(connector.messagesIn(chat.id)[0].activity)[0]);
  expect(preview).toContain('Zoë O');
  expect(preview).toContain('Jan Kowalski');
  expect(preview).not.toContain('Amina');
  expect(preview).not.toContain('Harry');
});

test('the same school set up from the command line (npm run school, npm run import) gets the same list', async () => {
  const urn = '140124';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-e2e-'));
  const io = { out: [] as string[], err: [] as string[] };
  const say = { out: (l: string) => io.out.push(l), err: (l: string) => io.err.push(l) };
  const env = { TABLES_CONNECTION_STRING: storage.connectionString };
  try {
    expect(await runSchoolCli(['create', '--urn', urn, '--name', 'Riverside Juniors'], env, say)).toBe(0);
    const files: [string, string][] = [['staff', STAFF], ['calendar', CALENDAR], ['pupils', PUPILS], ['contacts', CONTACTS], ['marks', MARKS], ['reports', REPORTS]];
    const args = ['--school', urn];
    for (const [kind, text] of files) {
      fs.writeFileSync(path.join(dir, `${kind}.csv`), text);
      args.push(`--${kind}`, path.join(dir, `${kind}.csv`));
    }
    expect(await runImportCli(args, env, say)).toBe(0);
    expect(io.err).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const juniors = teamFor('juniors');
  // The same people, as another school's team would have them (another tenant's accounts in a trust of many).
  const staff = [lead, officer, dsl].map((p, i) => ({ ...p, mri: `29:juniors-${i}`, aadObjectId: p.aadObjectId.replace(/^00000000/, '11111111') }));
  connector.rosters.set(juniors.id, staff.map((p) => ({ id: p.mri, name: p.name, aadObjectId: p.aadObjectId, userPrincipalName: p.upn })));
  for (const p of staff) connector.members.set(p.mri, { id: p.mri, name: p.name, aadObjectId: p.aadObjectId, userPrincipalName: p.upn });
  const channelId = pastoralChannel(juniors);
  await postActivity(srv.url, channelMessage(connector.url, juniors, channelId, staff[0], 'link'));
  const card = await connector.waitFor(() => connector.ok('send').find((r) => r.conversationId.startsWith(`${channelId};`)), 10_000, 'the link card');
  const linked = await postActivity(srv.url, cardPress({ serviceUrl: connector.url, team: juniors, conversationId: card.conversationId, activityId: card.activityId!, from: staff[0], verb: 'linkChannel', data: { channel: channelId, urn } }));
  expect(String(linked.body?.value?.body?.[0]?.text)).toMatch(/^This channel is linked/);
  await eventually(async () => (await storage.repos.schools.get(urn))!.value.staff.find((s) => s.upn === officer.upn)?.aadObjectId === staff[1].aadObjectId, 15_000, 'the officer bound');

  await srv.server.jobs!.tick();
  const run = await eventually(async () => (await storage.repos.dailyRuns.get(urn, '2026-11-23'))?.value, 15_000, "the day's run");
  expect([...run.list].sort()).toEqual(['G938202510010', 'W938202510040']);
  await eventually(() => connector.chats.find((c) => c.memberId === staff[1].mri), 15_000, "the officer's chat");
});
