/** The import over real HTTP: express on a free port, the router as the server mounts it under /api. */
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import express from 'express';
import { importRoutes } from '../../bot/api/import-routes';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { DATA_TABLES, fixture, snapshot, testSchool, URN } from './support';

let storage: TestStorage;
let server: http.Server;
let base: string;

beforeAll(async () => {
  storage = await startTestStorage();
  await storage.repos.schools.insert(testSchool());
  await storage.repos.schools.insert(testSchool('100002'));
  const app = express();
  app.use(
    '/api',
    importRoutes({
      repos: storage.repos,
      // The test's sign-in: a header naming the caller; no header, no sign-in.
      authenticate: async (req) => {
        const id = req.header('x-test-user');
        if (!id) throw new Error('Sign in required: send a bearer token.');
        return { id, name: `Name of ${id}` };
      },
      // Only the school's attendance staff may import into 100002; anyone signed in may import into 100001.
      authorize: (caller, urn) => urn !== '100002' || caller.id === 'a.officer@school.example',
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await storage.azurite.stop();
});

function post(urn: string, body: unknown, user: string | null = 'a.officer@school.example') {
  return fetch(`${base}/schools/${urn}/imports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(user ? { 'x-test-user': user } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const asBody = (...files: Array<ReturnType<typeof fixture>>) => ({
  files: files.map((f) => ({ kind: f.kind, name: f.name, contentBase64: f.content.toString('base64') })),
});

test('401 when the caller is not signed in, and nothing is read or written', async () => {
  const before = await snapshot(storage.store, [...DATA_TABLES, 'audit']);
  const res = await post(URN, asBody(fixture('pupils', 'pupils.csv')), null);
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: 'Sign in required: send a bearer token.' });
  expect(await snapshot(storage.store, [...DATA_TABLES, 'audit'])).toEqual(before);
});

test('400 with every located problem when the files are wrong; nothing is written', async () => {
  const before = await snapshot(storage.store, DATA_TABLES);
  const res = await post(URN, asBody(fixture('pupils', 'bad/pupils-duplicate-upn.csv'), fixture('marks', 'bad/marks-bad-date.csv')));
  expect(res.status).toBe(400);
  const body = await res.json();
  expect(body).toMatchObject({ status: 'rejected', errorCount: 2 });
  expect(body.errors).toEqual([
    { file: 'pupils-duplicate-upn.csv', line: 4, field: 'UPN', message: 'duplicate UPN G938202510010: it is also on line 2' },
    { file: 'marks-bad-date.csv', line: 4, field: 'Date', message: '"31/02/2025" is not a real date' },
  ]);
  expect(await snapshot(storage.store, DATA_TABLES)).toEqual(before);
});

test('400 saying which file and field is wrong when the request itself is malformed', async () => {
  const res = await post(URN, { files: [{ kind: 'register', name: 'am.csv', contentBase64: 'not base64!' }, { kind: 'pupils', contentBase64: '' }] });
  expect(res.status).toBe(400);
  expect((await res.json()).errors).toEqual([
    { file: 'am.csv', field: 'kind', message: '"kind" must be one of staff, calendar, pupils, contacts, marks, lates, reports' },
    { file: 'am.csv', field: 'contentBase64', message: '"contentBase64" must be the file\'s bytes in base64' },
    { file: 'files[1]', field: 'name', message: 'every file needs a name' },
  ]);
  const notJson = await post(URN, '{"files": [');
  expect(notJson.status).toBe(400);
  expect((await notJson.json()).error).toMatch(/not valid JSON/);
  const none = await post(URN, {});
  expect(none.status).toBe(400);
  expect((await none.json()).errors[0]).toMatchObject({ field: 'files' });
});

test('200 with the result when the files are imported, and 200 "already imported" the second time', async () => {
  const body = asBody(fixture('pupils', 'pupils.csv'), fixture('marks', 'marks.csv'));
  const res = await post(URN, body);
  expect(res.status).toBe(200);
  const result = await res.json();
  expect(result).toMatchObject({ status: 'imported', summary: { pupils: { added: 4 }, marks: { marks: 10 } } });
  expect((await storage.repos.pupils.list(URN)).map((p) => p.legalForename)).toEqual(['Zoë', 'Amina', 'Harry', 'Jan']);
  expect((await storage.repos.audit.recent(URN))[0]).toMatchObject({ actorId: 'a.officer@school.example', actorName: 'Name of a.officer@school.example', source: expect.stringMatching(/^api /), outcome: 'ok' });

  const again = await post(URN, body);
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ status: 'already-imported', importId: result.importId, importedBy: 'Name of a.officer@school.example' });
});

test('403 when the caller may not import for the school, and the refusal is audited', async () => {
  const res = await post('100002', asBody(fixture('pupils', 'pupils.csv')), 'form.tutor@school.example');
  expect(res.status).toBe(403);
  expect(await res.json()).toEqual({ error: 'Name of form.tutor@school.example may not import data for school 100002.' });
  expect(await storage.repos.pupils.list('100002')).toEqual([]);
  expect((await storage.repos.audit.recent('100002'))[0]).toMatchObject({ actorId: 'form.tutor@school.example', action: 'import.apply', outcome: 'denied' });
});

test('404 for a school Firstday does not know', async () => {
  const res = await post('123456', asBody(fixture('pupils', 'pupils.csv')));
  expect(res.status).toBe(404);
  expect((await res.json()).message).toMatch(/^There is no school with URN 123456/);
});

test('a staff list and a calendar over HTTP: 200 with who was added and left, and the bank holidays closed', async () => {
  const res = await post('100002', asBody(fixture('staff', 'staff.csv'), fixture('calendar', 'calendar.csv')));
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({
    status: 'imported',
    summary: { staff: { added: 3, updated: 1, left: [] }, calendar: { academicYears: [2025], terms: 6, bankHolidays: [{ date: '2026-05-04' }] } },
  });
  const school = (await storage.repos.schools.get('100002'))!.value;
  expect(school.staff.map((s) => s.upn)).toEqual(['h.ashworth@school.example', 'a.officer@school.example', 'g.thompson@school.example', 'j.whitfield@school.example']);
  expect(school.closures).toContain('2026-05-04');
});

test('?check=true: 200 "checked" with the files read, nothing written, audited as import.check; 400 with the problems when there are some', async () => {
  const before = await snapshot(storage.store, [...DATA_TABLES, 'importjournal'], URN);
  const res = await fetch(`${base}/schools/${URN}/imports?check=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-user': 'a.officer@school.example' },
    body: JSON.stringify(asBody(fixture('staff', 'staff.csv'), fixture('reports', 'reports.csv'))),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    status: 'checked',
    files: [
      { kind: 'staff', name: 'staff.csv', bytes: expect.any(Number), rows: 4 },
      { kind: 'reports', name: 'reports.csv', bytes: expect.any(Number), rows: 2 },
    ],
  });
  expect(await snapshot(storage.store, [...DATA_TABLES, 'importjournal'], URN)).toEqual(before);
  expect((await storage.repos.audit.recent(URN))[0]).toMatchObject({ action: 'import.check', outcome: 'ok', actorId: 'a.officer@school.example' });

  const bad = await fetch(`${base}/schools/${URN}/imports?check=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-user': 'a.officer@school.example' },
    body: JSON.stringify(asBody(fixture('calendar', 'bad/calendar-overlap.csv'))),
  });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ status: 'rejected', errors: [{ file: 'calendar-overlap.csv', line: 3, field: 'Start' }] });
  expect(await snapshot(storage.store, [...DATA_TABLES, 'importjournal'], URN)).toEqual(before);

  const denied = await fetch(`${base}/schools/100002/imports?check=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-user': 'form.tutor@school.example' },
    body: JSON.stringify(asBody(fixture('staff', 'staff.csv'))),
  });
  expect(denied.status).toBe(403);
  expect((await storage.repos.audit.recent('100002'))[0]).toMatchObject({ action: 'import.check', outcome: 'denied' });
});

test('GET imports/last: the last applied import of each kind, for those who may import; 403 and 404 otherwise', async () => {
  const get = (urn: string, user = 'a.officer@school.example') => fetch(`${base}/schools/${urn}/imports/last`, { headers: { 'x-test-user': user } });
  const res = await get('100002');
  expect(res.status).toBe(200);
  const { lastByKind } = await res.json();
  // The staff list and calendar imported into 100002 above; a check is not an import.
  expect(Object.keys(lastByKind).sort()).toEqual(['calendar', 'staff']);
  expect(lastByKind.staff).toMatchObject({ actorId: 'a.officer@school.example', actorName: 'Name of a.officer@school.example', files: [{ kind: 'staff', name: 'staff.csv', rows: 4 }], at: expect.any(String) });
  expect((await get('100002', 'form.tutor@school.example')).status).toBe(403);
  expect((await get('123456')).status).toBe(404);
});
