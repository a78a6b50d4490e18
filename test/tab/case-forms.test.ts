/**
 * The case tab's forms check what they send with the server's own schemas: a bad field is refused in the
 * browser, before anything is sent, with the message the server gives for it, shown by that field; a
 * refusal only the server can make (a member of staff it does not know) is shown by its field too.
 * Headless Chromium against the real server and Azurite, outside Teams (the development sign-in).
 */
import type { Page, Request } from 'playwright-core';
import { seriousViolations } from '../support/browser';
import { startTabSuite, type TabSuite } from '../support/tab-suite';
import { PUPILS, URN } from '../api/support/case-school';
import type { CaseTestServer } from '../api/support/case-test-server';

jest.setTimeout(180_000);

const amir = PUPILS.amir.upn;
let suite: TabSuite;
let server: CaseTestServer;
let page: Page;
/** Every change the page asked the server for: a form that refuses sends none. */
const changes: string[] = [];

beforeAll(async () => {
  suite = await startTabSuite();
  ({ server, page } = suite);
  expect((await server.as('lead')(`/api/schools/${URN}/cases`, { method: 'POST', json: { upn: amir, reason: 'Attendance below 95% since half term' } })).status).toBe(201);
  page.on('request', (r: Request) => {
    if (r.method() !== 'GET' && r.url().includes('/cases/')) changes.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await suite.signInAs(/Alex Lead · Attendance lead/, (p) => p.getByRole('table', { name: 'Support First cases' }).waitFor());
  await page.getByRole('link', { name: 'Amir Haddad' }).click();
  await page.getByRole('heading', { name: 'Amir Haddad' }).waitFor();
});

afterAll(async () => {
  await suite?.stop();
});

/** The message shown by a control's Field: the text its aria-describedby points at, once it is marked invalid. */
async function messageBy(control: ReturnType<Page['getByLabel']>): Promise<string> {
  await control.and(page.locator('[aria-invalid="true"]')).waitFor();
  return control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}

/** What the server answers for the same body: its message, and the field it names. */
async function serverRefusal(path: string, method: string, body: unknown): Promise<{ status: number; error: string; field: string }> {
  const res = await server.as('lead')(`/api/schools/${URN}/cases/${amir}${path}`, { method, json: body });
  return { status: res.status, ...((await res.json()) as { error: string; field: string }) };
}

async function storedCase(): Promise<{ pupilVoice: unknown[]; case: { trustedAdult?: unknown } }> {
  return (await server.as('lead')(`/api/schools/${URN}/cases/${amir}`)).json();
}

test("the pupil's voice form refuses a blank \"heard by\" before sending, with the server's words, by the field", async () => {
  await page.getByRole('tab', { name: /^Voice/ }).click();
  const form = page.getByRole('form', { name: "Record the pupil's voice" });
  const heardBy = form.getByLabel(/Heard by/);
  await heardBy.fill('   ');
  await form.getByLabel(/In the pupil's words/).fill('I hate Mondays.');
  await form.getByRole('button', { name: "Save the pupil's voice" }).click();

  const shown = await messageBy(heardBy);
  // The form checked before sending: the message is on screen and nothing went to the server.
  expect(changes).toEqual([]);
  expect((await storedCase()).pupilVoice).toEqual([]);

  const body = { date: '2026-11-20', heardBy: '   ', inTheirWords: 'I hate Mondays.', atSchool: '', atHome: '', whatWouldHelp: '', patternsExplored: '' };
  const answer = await serverRefusal('/pupil-voice', 'POST', body);
  expect(answer).toEqual({ status: 400, error: 'heardBy: is required', field: 'heardBy' });
  expect(shown).toBe(answer.error.slice(`${answer.field}: `.length));
  expect(await form.getByRole('alert').count()).toBe(1); // by the field, not also in a bar
  expect(await seriousViolations(page)).toEqual([]);

  // Put right, the same form sends and the words are kept.
  await heardBy.fill('Ms Kelly, learning mentor');
  await form.getByRole('button', { name: "Save the pupil's voice" }).click();
  await page.getByText('Fri 20 Nov 2026 · heard by Ms Kelly, learning mentor').waitFor();
  expect(changes).toEqual([`POST /api/schools/${URN}/cases/${amir}/pupil-voice`]);
});

test('a date in the future is refused by the form as the server refuses it, not by the browser', async () => {
  changes.length = 0;
  const form = page.getByRole('form', { name: "Record the parents' voice" });
  const date = form.getByLabel(/^Date/);
  await date.fill('2026-11-25');
  await form.getByLabel(/In their words/).fill('He is worried about PE.');
  await form.getByRole('button', { name: "Save the parents' voice" }).click();
  const shown = await messageBy(date);
  expect(changes).toEqual([]);
  const answer = await serverRefusal('/parent-voice', 'POST', { date: '2026-11-25', carerName: 'Nadia Haddad', inTheirWords: 'He is worried about PE.' });
  expect(answer).toEqual({ status: 400, error: 'date: 2026-11-25 is in the future; record it once it has happened', field: 'date' });
  expect(shown).toBe('2026-11-25 is in the future; record it once it has happened');
});

test('a refusal only the server can make is shown by its field too', async () => {
  changes.length = 0;
  const form = page.getByRole('form', { name: 'Trusted adult' });
  await form.getByLabel(/^Name/).fill('Ms Kelly');
  await form.getByLabel(/^Role/).fill('Learning mentor');
  const email = form.getByLabel(/Staff email/);
  await email.fill('nobody@test.example');
  await form.getByRole('button', { name: 'Agree a trusted adult' }).click();
  expect(await messageBy(email)).toBe("nobody@test.example is not on the school's staff list");
  expect(changes).toEqual([`PUT /api/schools/${URN}/cases/${amir}/trusted-adult`]);
  expect((await storedCase()).case.trustedAdult).toBeUndefined();
});
