/**
 * A school's settings over real HTTP, against two real servers on one Azurite: the attendance lead reads
 * them and changes them; a bad value is refused naming its field and nothing changes; other staff are
 * refused and the refusal audited (the attendance officer sees only the import section); two changes made
 * from the same reading, on two servers at once, give one 200 and one 409; a change is in force on the other
 * server at its next request. The trust's administrators (an Entra group, through the Graph stand-in) read
 * and change a school where they are not on the staff.
 */
import express from 'express';
import http from 'node:http';
import type { SettingsView } from '../../bot/api/settings-routes';
import { tabApi } from '../../bot/api/tab-api';
import { tabAuthenticator } from '../../bot/api/tab-authenticator';
import { TrustAdmins } from '../../bot/api/trust-admins';
import { GraphApi } from '../../bot/graph/graph-api';
import { RoleResolver } from '../../bot/graph/role-resolver';
import { JsonLogger } from '../../bot/platform/logger';
import { setUpServerSuite, standInGraphToken } from '../support/server-suite';
import { NOW, PUPILS, SCHOOL, STAFF, TENANT, URN, seedCaseSchool } from './support/case-school';
import { CASE_APP } from './support/case-test-server';

jest.setTimeout(90_000);

const ADMINS = '0b5e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const ADMIN = { id: '77777777-2222-4333-8444-555555555555', upn: 'it.lead@trust.example', name: 'Trust IT Lead' };
const TEACHER = { id: '88888888-2222-4333-8444-555555555555', upn: 'a.teacher@trust.example', name: 'A Teacher' };
const logger = new JsonLogger({ write: () => undefined });

let a: string;
let b: string;
let adminApp: http.Server;
let adminBase: string;

const started = Date.now();
const clock = () => new Date(NOW.getTime() + (Date.now() - started));
// Two servers on one storage account, no service key; the Graph stand-in serves the tab's API mounted below, not them.
const { storage, graph, entra, servers } = setUpServerSuite({ graph: true, graphAt: 'none', entra: CASE_APP, apiKey: null, clock, servers: 2, seed: seedCaseSchool });
graph.addUser({ id: ADMIN.id, displayName: ADMIN.name, userPrincipalName: ADMIN.upn }, [{ '@odata.type': '#microsoft.graph.group', id: ADMINS }]);
graph.addUser({ id: TEACHER.id, displayName: TEACHER.name, userPrincipalName: TEACHER.upn }, []);

beforeAll(async () => {
  [a, b] = servers.map((server) => server.url);

  // The tab's API as the server mounts it, with the trust's administrators read from the Graph stand-in.
  const roles = new RoleResolver({ graph: new GraphApi({ baseUrl: graph.baseUrl, logger, credential: standInGraphToken }), logger });
  const app = express();
  app.use(express.json());
  app.use(
    '/api',
    tabApi({
      repos: storage.repos,
      authenticate: tabAuthenticator({ sso: { clientId: CASE_APP.clientId, host: CASE_APP.host }, allowedTenants: [TENANT], devSignIn: false, entra: entra.endpoints, schools: () => storage.repos.schools.list() }),
      logger,
      devSignIn: false,
      trustAdmins: new TrustAdmins({ groupId: ADMINS, membership: roles }),
      now: clock,
    }),
  );
  adminApp = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => adminApp.once('listening', resolve));
  adminBase = `http://127.0.0.1:${(adminApp.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => adminApp?.close(resolve));
});

type Who = keyof typeof STAFF;
const token = (who: Who) => entra.token({ oid: STAFF[who].aadObjectId, preferred_username: STAFF[who].upn, name: STAFF[who].displayName });

async function call(base: string, authorization: string, path: string, init: { method?: string; json?: unknown; etag?: string } = {}) {
  const headers: Record<string, string> = { authorization };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.etag) headers['if-match'] = init.etag;
  const res = await fetch(`${base}/api/schools/${URN}${path}`, { method: init.method ?? 'GET', headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  return { status: res.status, body: await res.json() };
}
const as = (who: Who, base = a) => async (path: string, init?: { method?: string; json?: unknown; etag?: string }) => call(base, `Bearer ${await token(who)}`, path, init);
const settings = async (who: Who = 'lead', base = a) => (await as(who, base)('/settings')).body as SettingsView;
const change = async (json: unknown, etag: string, who: Who = 'lead', base = a) => as(who, base)('/settings', { method: 'PATCH', json, etag });
const audits = async (action: string) => (await storage.repos.audit.recent(URN)).filter((e) => e.action === action).map((e) => `${e.actorName}: ${e.outcome}${e.detail ? ` (${e.detail})` : ''}`);
const stored = async () => (await storage.repos.schools.get(URN))!;

test('the attendance lead reads the settings: profile, times, bands, staff, calendar, linked channel and last imports', async () => {
  await storage.repos.channels.link({
    urn: URN,
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    conversationId: '19:pastoral@thread.tacv2',
    tenantId: TENANT,
    botId: '28:firstday',
    teamName: 'Pastoral team',
    channelName: 'Attendance',
    linkedAt: '2026-09-01T08:00:00.000Z',
    linkedById: STAFF.lead.aadObjectId!,
    linkedByName: 'Alex Lead',
  });
  const marks = ['UPN,Date,AM,PM', `${PUPILS.bea.upn},20/11/2026,/,\\`].join('\n');
  const imported = await fetch(`${a}/api/schools/${URN}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token('officer')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ files: [{ kind: 'marks', name: 'friday.csv', contentBase64: Buffer.from(marks).toString('base64') }] }),
  });
  expect(imported.status).toBe(200);

  const view = await settings();
  expect(view).toMatchObject({
    etag: (await stored()).etag,
    today: '2026-11-20',
    canChange: true,
    profile: { urn: URN, name: 'Test Park School', timeZone: 'Europe/London' },
    times: { registerCloseTime: '09:10', afternoonRegisterCloseTime: '13:40', notifyByTime: '08:30' },
    bands: SCHOOL.bands,
    reviewBeforePosting: false,
    concernAcknowledgeMinutes: 15,
    roleGroups: {},
    calendar: {
      terms: [{ name: 'Autumn 2026', start: '2026-09-02', end: '2026-12-18' }],
      closures: [],
      // The last term Firstday knows ends four weeks today.
      notices: [{ kind: 'last-term-ends-soon', text: expect.stringContaining('Import next year\'s calendar before then') }],
    },
    channel: { teamName: 'Pastoral team', channelName: 'Attendance', linkedByName: 'Alex Lead', linkedAt: '2026-09-01T08:00:00.000Z' },
    imports: { kinds: ['staff', 'calendar', 'pupils', 'contacts', 'marks', 'lates', 'reports'], last: [{ kind: 'marks', byName: 'Olu Officer', files: [{ name: 'friday.csv', rows: 1 }] }] },
  });
  expect(view.staff.map((s) => `${s.displayName} ${s.upn} ${s.roles.join('+')} ${s.yearGroups.join(',')}`.trim())).toEqual([
    'Alex Lead a.lead@test.example attendance-lead',
    'Dana Safe d.safe@test.example dsl',
    'Harriet Seven h.seven@test.example head-of-year 7',
    'Hugo Nine h.nine@test.example head-of-year 9',
    'Olu Officer o.officer@test.example attendance-officer',
    'Toni Tutor t.tutor@test.example staff',
  ]);
  expect(await audits('settings.read')).toEqual(['Alex Lead: ok (settings read)']);
});

test('the lead changes the register close time and a band\'s watcher: stored, audited with what changed, and in force on the other server at once', async () => {
  const before = await settings('lead', a);
  const bands = before.bands.map((band, i) => (i === 1 ? { ...band, watcherUpn: 'H.Nine@test.example' } : band));
  const res = await change({ registerCloseTime: '9:20', bands }, before.etag);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ times: { registerCloseTime: '09:20' }, etag: (await stored()).etag });
  expect(res.body.etag).not.toBe(before.etag);
  expect((await stored()).value).toMatchObject({ registerCloseTime: '09:20', bands: [SCHOOL.bands[0], { ...SCHOOL.bands[1], watcherUpn: 'h.nine@test.example' }, SCHOOL.bands[2]] });
  expect(await audits('settings.change')).toEqual([
    'Alex Lead: ok (registerCloseTime: 09:10 → 09:20; bands: 95% "Below 95%", 90% "Persistent absence (90% or below)", 50% "Severe absence (50% or below)" → 95% "Below 95%", 90% "Persistent absence (90% or below)" watched by h.nine@test.example, 50% "Severe absence (50% or below)")',
  ]);

  // The other server reads the school row on its next request: no cache stands between.
  const other = await settings('lead', b);
  expect(other.times.registerCloseTime).toBe('09:20');
  expect(other.etag).toBe(res.body.etag);
});

test('a bad value is refused naming each field, and nothing changes', async () => {
  const before = await stored();
  const res = await change(
    {
      registerCloseTime: '9:70',
      timeZone: 'Europe/Londres',
      concernAcknowledgeMinutes: 0,
      name: '  ',
      bands: [
        { belowPercent: 90, label: 'Below 90%' },
        { belowPercent: 95, label: 'Below 95%', watcherUpn: 'nobody@test.example' },
        { belowPercent: 0, label: '' },
      ],
      staff: [],
    },
    before.etag,
  );
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([
    { field: 'staff', message: 'the staff list comes from a staff file: import a new one on the Import page' },
    { field: 'name', message: "the school's name is required" },
    { field: 'timeZone', message: '"Europe/Londres" is not a time zone: use an IANA name such as Europe/London' },
    { field: 'registerCloseTime', message: '"9:70" is not a time (HH:MM, 24-hour)' },
    { field: 'bands[1].belowPercent', message: '95% is not below the band above it (90%): list the bands highest first, each lower than the last' },
    { field: 'bands[1].watcherUpn', message: '"nobody@test.example" is not on the school\'s staff list: choose a member of staff' },
    { field: 'bands[2].belowPercent', message: '0 is not a percentage above 0 and at most 100' },
    { field: 'bands[2].label', message: 'every band needs a label, e.g. "Below 95%"' },
    { field: 'concernAcknowledgeMinutes', message: '0 is not a whole number of minutes from 1 to 240' },
  ]);
  expect(res.body.error).toMatch(/^The settings were not saved: staff: the staff list comes from a staff file/);

  const afternoon = await change({ afternoonRegisterCloseTime: '09:00' }, before.etag);
  expect(afternoon.status).toBe(400);
  expect(afternoon.body.errors).toEqual([{ field: 'afternoonRegisterCloseTime', message: 'the afternoon register (09:00) must close after the morning register (09:20)' }]);

  const after = await stored();
  expect(after.etag).toBe(before.etag);
  expect(after.value).toEqual(before.value);
  expect((await audits('settings.change')).slice(0, 2)).toEqual([
    'Alex Lead: failed (The settings were not saved: afternoonRegisterCloseTime: the afternoon register (09:00) must close after the morning register (09:20))',
    expect.stringMatching(/^Alex Lead: failed \(The settings were not saved: staff: /),
  ]);
});

test('other staff are refused and audited; the attendance officer sees the import section only', async () => {
  const etag = (await stored()).etag;
  for (const who of ['officer', 'dsl', 'hoy7'] as const) {
    const read = await as(who)('/settings');
    expect(read).toEqual({ status: 403, body: { error: "The school's settings are for the attendance lead. Ask them if something needs changing." } });
    const res = await change({ registerCloseTime: '09:30' }, etag, who);
    expect(res).toEqual({ status: 403, body: { error: "Only the attendance lead (or one of the trust's administrators) changes the school's settings." } });
  }
  expect((await stored()).value.registerCloseTime).toBe('09:20');
  expect((await audits('settings.change')).slice(0, 3)).toEqual([
    "Harriet Seven: denied (Only the attendance lead (or one of the trust's administrators) changes the school's settings.)",
    "Dana Safe: denied (Only the attendance lead (or one of the trust's administrators) changes the school's settings.)",
    "Olu Officer: denied (Only the attendance lead (or one of the trust's administrators) changes the school's settings.)",
  ]);
  expect((await audits('settings.read')).slice(0, 3)).toEqual([
    "Harriet Seven: denied (The school's settings are for the attendance lead. Ask them if something needs changing.)",
    "Dana Safe: denied (The school's settings are for the attendance lead. Ask them if something needs changing.)",
    "Olu Officer: denied (The school's settings are for the attendance lead. Ask them if something needs changing.)",
  ]);

  const imports = await as('officer')('/settings/imports');
  expect(imports.status).toBe(200);
  expect(imports.body).toMatchObject({ kinds: ['staff', 'calendar', 'pupils', 'contacts', 'marks', 'lates', 'reports'], maxFiles: 20, last: [{ kind: 'marks', byName: 'Olu Officer' }] });
  expect((await as('dsl')('/settings/imports')).status).toBe(403);
  expect((await fetch(`${a}/api/schools/${URN}/settings`)).status).toBe(401);
});

test('two changes made from the same reading on two servers at once: one is saved, the other gets 409 and changes nothing', async () => {
  const { etag } = await settings();
  const [one, two] = await Promise.all([change({ notifyByTime: '08:15' }, etag, 'lead', a), change({ concernAcknowledgeMinutes: 20 }, etag, 'lead', b)]);
  expect([one.status, two.status].sort()).toEqual([200, 409]);
  const lost = one.status === 409 ? one : two;
  expect(lost.body).toEqual({ error: 'Someone else changed the settings since you opened them. Reload to see their change, then make yours again.' });
  const school = (await stored()).value;
  expect([school.notifyByTime, school.concernAcknowledgeMinutes]).toEqual(one.status === 200 ? ['08:15', 15] : ['08:30', 20]);

  // A change sent with the old reading again is refused too; without If-Match it is not accepted at all.
  expect((await change({ reviewBeforePosting: true }, etag)).status).toBe(409);
  expect((await as('lead')('/settings', { method: 'PATCH', json: { reviewBeforePosting: true } })).status).toBe(428);
  expect((await stored()).value.reviewBeforePosting).toBe(false);
});

test("a trust administrator reads and changes a school's settings without being on its staff; someone outside the group is refused", async () => {
  const admin = `Bearer ${await entra.token({ oid: ADMIN.id, preferred_username: ADMIN.upn, name: ADMIN.name })}`;
  const teacher = `Bearer ${await entra.token({ oid: TEACHER.id, preferred_username: TEACHER.upn, name: TEACHER.name })}`;
  const me = await (await fetch(`${adminBase}/api/me`, { headers: { authorization: admin } })).json();
  expect(me).toMatchObject({ name: ADMIN.name, schools: [], trustAdmin: true, allSchools: [{ urn: URN, name: 'Test Park School' }] });

  const read = await call(adminBase, admin, '/settings');
  expect(read.status).toBe(200);
  expect(read.body.canChange).toBe(true);
  const res = await call(adminBase, admin, '/settings', { method: 'PATCH', json: { roleGroups: { dsl: '5A5A5A5A-1111-4222-8333-444455556666' } }, etag: read.body.etag });
  expect(res.status).toBe(200);
  expect((await stored()).value.roleGroups).toEqual({ dsl: '5a5a5a5a-1111-4222-8333-444455556666' });
  expect((await audits('settings.change'))[0]).toBe('Trust IT Lead: ok (roleGroups.dsl: none → 5a5a5a5a-1111-4222-8333-444455556666)');

  const refused = await call(adminBase, teacher, '/settings');
  expect(refused).toEqual({ status: 403, body: { error: 'You are not on the staff of this school in Firstday.' } });
  expect((await (await fetch(`${adminBase}/api/me`, { headers: { authorization: teacher } })).json()).trustAdmin).toBeUndefined();
});
