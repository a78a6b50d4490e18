/**
 * The Settings page in headless Chromium against the real server and Azurite (development sign-in): the
 * attendance lead changes the morning register close time and sees it saved; a bad time is refused with
 * the server's message at the field and nothing is stored; a change someone else made first asks for a
 * reload; the calendar's notice shows. The attendance officer has no Settings link. No serious or critical
 * accessibility violations. Screenshots go to test-artifacts/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { URN } from '../api/support/case-school';
import type { CaseTestServer } from '../api/support/case-test-server';
import { seriousViolations } from '../support/browser';
import { ARTIFACTS, startTabSuite, type TabSuite } from '../support/tab-suite';

jest.setTimeout(180_000);

let server: CaseTestServer;
let page: Page;
let suite: TabSuite;
let pageErrors: string[];

beforeAll(async () => {
  suite = await startTabSuite();
  ({ server, page, pageErrors } = suite);
});

afterAll(async () => {
  await suite?.stop();
});

function signInAs(name: RegExp): Promise<void> {
  return suite.signInAs(name, () => page.getByRole('navigation', { name: 'Firstday' }).waitFor());
}

const nav = () => page.getByRole('navigation', { name: 'Firstday' });
const timesForm = () => page.getByRole('form', { name: 'School and register times' });
const stored = async () => (await server.repos.schools.get(URN))!;

test('the attendance lead changes the morning register close time and sees it saved', async () => {
  await signInAs(/Alex Lead · Attendance lead/);
  await nav().getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings · Test Park School' }).waitFor();
  await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Settings · Test Park School');
  // The last term Firstday knows ends four weeks today.
  await page.getByText(/The last term Firstday knows for Test Park School \(Autumn 2026\) ends on Friday 18 December/).waitFor();
  const staff = page.getByRole('table', { name: 'Staff' });
  await expect(staff.getByRole('row').nth(3).innerText()).resolves.toMatch(/Harriet Seven\s+h\.seven@test\.example\s+Head of year\s+Year 7/);
  await page.getByText('No channel is linked yet.', { exact: false }).waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'settings-page.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  const morning = timesForm().getByLabel('Morning register closes');
  await expect(morning.inputValue()).resolves.toBe('09:10');
  await morning.fill('09:25');
  await timesForm().getByRole('button', { name: 'Save' }).click();
  await timesForm().getByRole('status').getByText('Saved.').waitFor();
  expect((await stored()).value.registerCloseTime).toBe('09:25');
  await expect(morning.inputValue()).resolves.toBe('09:25');
  const audit = (await server.repos.audit.recent(URN)).find((e) => e.action === 'settings.change');
  expect(audit).toMatchObject({ actorName: 'Alex Lead', outcome: 'ok', detail: 'registerCloseTime: 09:10 → 09:25' });
});

test('a bad time is refused with the message at its field, and nothing is stored', async () => {
  const before = await stored();
  const morning = timesForm().getByLabel('Morning register closes');
  await morning.fill('9:70');
  await timesForm().getByRole('button', { name: 'Save' }).click();
  await timesForm().getByText('"9:70" is not a time (HH:MM, 24-hour)').waitFor();
  await expect(morning.getAttribute('aria-invalid')).resolves.toBe('true');
  expect(await stored()).toEqual(before);

  // The band's watcher, chosen from the staff list, is another part of the page and saves on its own.
  const bands = page.getByRole('form', { name: 'Attendance bands and watchers' });
  await bands.getByRole('group', { name: 'Band 2' }).getByLabel('Watcher').selectOption({ label: 'Hugo Nine (h.nine@test.example)' });
  await bands.getByRole('button', { name: 'Save' }).click();
  await bands.getByRole('status').getByText('Saved.').waitFor();
  expect((await stored()).value.bands[1]).toMatchObject({ belowPercent: 90, watcherUpn: 'h.nine@test.example' });
  await page.screenshot({ path: path.join(ARTIFACTS, 'settings-page-saved.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
});

test('a change someone else made first is not overwritten: the page asks for a reload', async () => {
  const { etag } = await stored();
  const res = await server.as('lead')(`/api/schools/${URN}/settings`, { method: 'PATCH', json: { notifyByTime: '08:20' }, headers: { 'if-match': etag } });
  expect(res.status).toBe(200);
  const form = page.getByRole('form', { name: 'The morning list and concerns' });
  await form.getByLabel('Minutes a DSL has to acknowledge a concern before it is raised again').fill('30');
  await form.getByRole('button', { name: 'Save' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Someone else changed the settings since you opened them.' });
  await alert.waitFor();
  expect((await stored()).value).toMatchObject({ concernAcknowledgeMinutes: 15, notifyByTime: '08:20' });
  await alert.getByRole('button', { name: 'Reload' }).click();
  await alert.waitFor({ state: 'detached' });
  // The reloaded settings replace the form: wait for the other person's change to show in it.
  await page.waitForFunction(() => {
    const label = Array.from(document.querySelectorAll('label')).find((l) => l.textContent?.startsWith('Parents tell us of an absence by'));
    return (document.getElementById(label?.htmlFor ?? '') as HTMLInputElement | null)?.value === '08:20';
  });
  expect(pageErrors).toEqual([]);
});

test("the lead sets the card clock: when a card nobody is working is raised, each bad minute named at its field", async () => {
  const form = page.getByRole('form', { name: 'Cards nobody is working' });
  const officer = form.getByLabel('Minutes after the list goes out before an unclaimed card is raised with the attendance officer');
  await expect(officer.inputValue()).resolves.toBe('15');
  await officer.fill('40');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('the attendance lead is told after the officer: 30 minutes must be more than 40').waitFor();
  expect((await stored()).value.cardClock).toBeUndefined();
  await officer.fill('10');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('status').getByText('Saved.').waitFor();
  expect((await stored()).value.cardClock).toMatchObject({ unclaimedOfficerMinutes: 10, unclaimedLeadMinutes: 30 });
  expect(await seriousViolations(page)).toEqual([]);
});

test('the attendance officer has Import but no Settings', async () => {
  await signInAs(/Olu Officer · Attendance officer/);
  await expect(nav().getByRole('link').allInnerTexts()).resolves.toEqual(['Cases', 'Import']);
  expect(pageErrors).toEqual([]);
});
