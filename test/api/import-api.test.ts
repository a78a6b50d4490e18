/**
 * The import as the server mounts it, over HTTP: the service key and the school's attendance lead and
 * officers may import; other staff are refused and the refusal audited; an import that takes a pupil
 * into a band opens their Support First case on the spot. Also: who may frame the tab.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TAB_FRAME_ANCESTORS } from '../../bot/api/tab-frame-ancestors';
import { PUPILS, STAFF, URN } from './support/case-school';
import { startCaseTestServer, type CaseTestServer } from './support/case-test-server';

const API_KEY = 'import-test-key-0123456789abcdefghijklmnopqrstuv';
let server: CaseTestServer;
let tabDir: string;

beforeAll(async () => {
  tabDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-tab-csp-'));
  fs.writeFileSync(path.join(tabDir, 'index.html'), '<!doctype html><title>tab</title>');
  server = await startCaseTestServer({ apiKey: API_KEY, tabDir });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(tabDir, { recursive: true, force: true });
});

const bea = PUPILS.bea.upn;

/** Bea (who has attended every session this term) off all week, unexplained: 106 of 116, 91.3%. */
function beaOffAllWeek(name = 'this-week.csv') {
  const rows = ['UPN,Date,AM,PM', ...['16', '17', '18', '19', '20'].map((d) => `${bea},${d}/11/2026,N,N`)];
  return { files: [{ kind: 'marks', name, contentBase64: Buffer.from(rows.join('\n')).toString('base64') }] };
}

const imports = (urn = URN) => `/api/schools/${urn}/imports`;

async function lastImportAudit() {
  return (await server.repos.audit.recent(URN)).find((e) => e.action === 'import.apply');
}

test("the attendance lead's import takes Bea into a band: her Support First case is open when the answer comes", async () => {
  const res = await server.as('lead')(imports(), { method: 'POST', json: beaOffAllWeek() });
  expect(res.status).toBe(200);
  const body = await res.json();
  // One new crossing, Bea's; three cases opened: hers, and Amir's and Layla's, whose crossings were recorded
  // when the school's figures were first computed and not yet acted on.
  expect(body).toMatchObject({
    status: 'imported',
    summary: { marks: { marks: 10, sessionsChanged: 10 }, figures: { asOf: '2026-11-20', pupils: 1, crossings: 1, cases: { opened: 3 } } },
  });
  expect(await lastImportAudit()).toMatchObject({ actorId: STAFF.lead.aadObjectId, actorName: 'Alex Lead', outcome: 'ok' });

  const list = await (await server.as('lead')(`/api/schools/${URN}/cases`)).json();
  expect(list.cases.map((c: { name: string }) => c.name).sort()).toEqual(['Amir Haddad', 'Bea Okoro', 'Layla Haddad']);
  const row = list.cases.find((c: { upn: string }) => c.upn === bea);
  expect(row).toMatchObject({ name: 'Bea Okoro', status: 'open', attendance: { year: 91.3, bands: ['below-threshold'] } });
  const view = await (await server.as('lead')(`/api/schools/${URN}/cases/${bea}`)).json();
  expect(view.case).toMatchObject({ openedBecause: 'band-crossing', band: { belowPercent: 95, label: 'Below 95%', percent: 91.3 } });
});

test('an attendance officer may import, and the same files again are "already imported"', async () => {
  const res = await server.as('officer')(imports(), { method: 'POST', json: beaOffAllWeek('copy.csv') });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'already-imported', importedBy: 'Alex Lead' });
});

test('the service key may import (a scheduled MIS export)', async () => {
  const rows = ['UPN,Date,AM,PM', `${PUPILS.amir.upn},20/11/2026,/,\\`];
  const res = await fetch(`${server.baseUrl}${imports()}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ files: [{ kind: 'marks', name: 'friday.csv', contentBase64: Buffer.from(rows.join('\n')).toString('base64') }] }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'imported', summary: { figures: { pupils: 1 } } });
  expect(await lastImportAudit()).toMatchObject({ actorId: 'service', outcome: 'ok' });
});

test.each(['hoy7', 'dsl', 'tutor'] as const)('%s may not import: 403, nothing written, the refusal audited', async (who) => {
  const before = (await server.repos.marks.get(URN, 2026, bea))!.etag;
  const res = await server.as(who)(imports(), { method: 'POST', json: beaOffAllWeek(`${who}.csv`) });
  expect(res.status).toBe(403);
  expect(await res.json()).toEqual({ error: `${STAFF[who].displayName} may not import data for school ${URN}.` });
  expect((await server.repos.marks.get(URN, 2026, bea))!.etag).toBe(before);
  expect(await lastImportAudit()).toMatchObject({ actorId: STAFF[who].aadObjectId, outcome: 'denied' });
});

test('no sign-in is 401; a school the caller has no role at is 403, and one that does not exist is 404 to the service', async () => {
  const anonymous = await fetch(`${server.baseUrl}${imports()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(beaOffAllWeek()) });
  expect(anonymous.status).toBe(401);
  expect((await server.as('lead')(imports('999999'), { method: 'POST', json: beaOffAllWeek() })).status).toBe(403);
  const unknown = await fetch(`${server.baseUrl}${imports('999999')}`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(beaOffAllWeek()) });
  expect(unknown.status).toBe(404);
});

test('the tab may be framed by Teams, Microsoft 365 and Outlook (and this server), and by nothing else', async () => {
  const expected = `frame-ancestors 'self' https://*.cloud.microsoft https://teams.microsoft.com https://*.teams.microsoft.com https://*.microsoft365.com https://*.office.com https://outlook.office.com https://outlook.office365.com https://outlook-sdf.office.com https://outlook-sdf.office365.com`;
  expect(`frame-ancestors ${TAB_FRAME_ANCESTORS.join(' ')}`).toBe(expected);
  for (const page of ['/tab/index.html', '/tab/', '/tab/?view=cases']) {
    const res = await fetch(`${server.baseUrl}${page}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(expected);
  }
  // The API's JSON is not a page to frame, and keeps no such header.
  expect((await fetch(`${server.baseUrl}/healthz`)).headers.get('content-security-policy')).toBeNull();
});
