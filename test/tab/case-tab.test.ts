/**
 * The case tab in headless Chromium against the real server and Azurite, outside Teams (the development
 * sign-in): the list, a case with its herringbone, adding a meeting, recording the pupil's voice, ticking
 * checklist items, the enforcement referral refused until the checklist is complete, notes shown as text,
 * the dark theme, and no serious or critical accessibility violations. Screenshots go to test-artifacts/.
 */
import path from 'node:path';
import { seriousViolations } from '../support/browser';
import { ARTIFACTS, startTabSuite, type TabSuite } from '../support/tab-suite';
import { type Browser, type Page } from 'playwright-core';
import { ESCALATION_CHECKLIST } from '../../bot/domain/cases/escalation-checklist';
import { PUPILS, URN } from '../api/support/case-school';
import type { CaseTestServer } from '../api/support/case-test-server';

jest.setTimeout(180_000);

const amir = PUPILS.amir.upn;
let server: CaseTestServer;
let browser: Browser;
let page: Page;
let suite: TabSuite;
let pageErrors: string[];

beforeAll(async () => {
  suite = await startTabSuite();
  ({ server, browser, page, pageErrors } = suite);
  for (const upn of [amir, PUPILS.bea.upn]) {
    expect((await server.as('lead')(`/api/schools/${URN}/cases`, { method: 'POST', json: { upn, reason: 'Attendance below 95% since half term' } })).status).toBe(201);
  }
});

afterAll(async () => {
  await suite?.stop();
});

const tab = (name: RegExp) => page.getByRole('tab', { name });

test('outside Teams the development sign-in lists the staff; the attendance lead sees the whole school\'s cases', async () => {
  // Not framed, so not in Teams: local mode at once, without waiting for teams-js to give up. The page's
  // clock is stopped, so a page that waited on a timer for Teams would never show the sign-in.
  await page.clock.install();
  await page.clock.pauseAt(new Date());
  await page.goto(`${server.baseUrl}/tab/index.html?view=my-cases`);
  await page.getByRole('button', { name: /Alex Lead · Attendance lead/ }).waitFor();
  await page.clock.resume();
  await page.getByRole('button', { name: /Alex Lead · Attendance lead/ }).click();
  const table = page.getByRole('table', { name: 'Support First cases' });
  await table.waitFor();
  await page.getByText('2 cases · whole school').waitFor();
  const rows = table.getByRole('row');
  expect(await rows.count()).toBe(3);
  await expect(rows.nth(1).innerText()).resolves.toMatch(/Amir Haddad\s+Year 7 · 7A\s+Concern identified\s+81\.0%\s*persistent/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'case-list.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Attendance band').selectOption('persistent');
  await page.getByText('1 case · whole school').waitFor();
  await page.getByLabel('Attendance band').selectOption('');
  await page.getByText('2 cases · whole school').waitFor();
  await page.getByLabel('Search by name').fill('okoro');
  await page.getByText('1 case · whole school').waitFor();
  await expect(table.getByRole('link').allInnerTexts()).resolves.toEqual(['Bea Okoro']);
  await page.getByLabel('Search by name').fill('');
});

test('a case shows attendance, trend and the herringbone as a picture', async () => {
  await page.getByRole('link', { name: 'Amir Haddad' }).click();
  await page.getByRole('heading', { name: 'Amir Haddad' }).waitFor();
  const herringbone = page.getByTestId('herringbone');
  await herringbone.waitFor();
  expect(await herringbone.evaluate((svg) => svg.tagName.toLowerCase())).toBe('svg');
  expect(await herringbone.locator('rect').count()).toBeGreaterThan(100);
  await expect(page.locator('figcaption').innerText()).resolves.toBe('Most absences: Monday AM (11 of 11), Monday PM (11 of 11). Most lates: Wednesday AM (12).');
  await page.getByText('81.0%').first().waitFor();
  await expect(page.getByTestId('trend').getAttribute('aria-label')).resolves.toMatch(/^Weekly attendance from/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'case-view.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
});

test('adding a meeting records attendees, barriers and actions, and plans the review and fortnightly contact', async () => {
  await tab(/^Meetings/).click();
  const form = page.getByRole('form', { name: 'Record a meeting' });
  await form.getByLabel(/Attendee 1: name/).fill('Nadia Haddad');
  await form.getByLabel(/^Role/).fill('Mother');
  await form.getByLabel(/Barriers heard/).fill('Minds his little brother on Mondays\nWorried about PE');
  await form.getByLabel(/Agreed action 1/).fill('Breakfast club place from Monday');
  await form.getByLabel(/^Owner/).fill('Harriet Seven');
  await form.getByLabel(/^By/).fill('2026-11-27');
  await form.getByLabel(/Next review/).fill('2026-12-10');
  await form.getByRole('button', { name: 'Save meeting' }).click();
  await tab(/Meetings \(1\)/).waitFor();
  await page.getByText('Initial Support First meeting · Fri 20 Nov 2026 · in-person').waitFor();
  await page.getByRole('checkbox', { name: /Breakfast club place from Monday — Harriet Seven, by Fri 27 Nov 2026/ }).waitFor();
  await page.getByText('Next contact due Fri 4 Dec 2026.').waitFor();
  await page.getByRole('checkbox', { name: /Breakfast club place/ }).click();
  await page.getByRole('checkbox', { name: /Breakfast club place/, checked: true }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
});

test("recording the pupil's voice keeps their words", async () => {
  await tab(/^Voice/).click();
  const form = page.getByRole('form', { name: "Record the pupil's voice" });
  await form.getByLabel(/Heard by/).fill('Ms Kelly, learning mentor');
  await form.getByLabel(/In the pupil's words/).fill("I have to mind Yusuf when Mum's on earlies.");
  await form.getByLabel(/What would help/).fill('Someone to help Mum on Mondays');
  await form.getByRole('button', { name: "Save the pupil's voice" }).click();
  await page.getByText("I have to mind Yusuf when Mum's on earlies.").waitFor();
  await page.getByText('Fri 20 Nov 2026 · heard by Ms Kelly, learning mentor').waitFor();
});

test('notes with a script tag and a javascript: link are shown as harmless text', async () => {
  await tab(/^Chronology and notes/).click();
  const text = 'Mum rang <script>window.__firstdayXss = 1</script> see [a link](javascript:window.__firstdayXss=2)';
  await page.getByRole('form', { name: 'Add a note' }).getByLabel(/^Note/).fill(text);
  await page.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByTestId('notes').getByText(text, { exact: true });
  await note.waitFor();
  expect(await page.getByTestId('notes').locator('script').count()).toBe(0);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __firstdayXss?: number }).__firstdayXss)).toBeUndefined();
  await page.getByTestId('chronology').getByText(text, { exact: true }).waitFor();
});

test('the enforcement referral is refused until the checklist is complete and the lead professional consulted', async () => {
  await tab(/^Checklist \(0\/16\)/).click();
  const missing = page.getByTestId('referral-missing').getByRole('listitem');
  expect(await missing.count()).toBe(17);
  const referral = page.getByRole('form', { name: 'Record an enforcement referral' });
  await referral.getByLabel(/Summary for the local authority/).fill('Absence continues despite support.');
  await referral.getByRole('button', { name: 'Record enforcement referral' }).click();
  await page.getByText('Referral refused').waitFor();
  await expect(page.getByRole('alert').filter({ hasText: 'Referral refused' }).innerText()).resolves.toMatch(/17 things must be done first/);

  for (const [i, id] of [
    [1, 'first-day-response'],
    [2, 'letters-to-all-parents'],
  ] as const) {
    const item = page.locator(`[data-checklist-item="${id}"]`);
    await item.getByLabel(/Evidence/).fill(`Evidence ${i}: see the chronology`);
    await item.getByRole('button', { name: `Confirm item ${i}` }).click();
    await item.getByText(`Evidence ${i}: see the chronology`).waitFor();
    await item.getByText(/Confirmed by Alex Lead/).waitFor();
  }
  await tab(/^Checklist \(2\/16\)/).waitFor();
  expect(await missing.count()).toBe(15);
  const ehcp = page.locator('[data-checklist-item="external-services-meeting"]');
  await expect(ehcp.getByRole('radio', { name: 'Not applicable' }).isDisabled()).resolves.toBe(true);
  await ehcp.getByText('Sam Social (CSC) is involved, so this item applies.').waitFor();

  // The other fourteen through the API, as colleagues would confirm them; the page shows them on reload.
  for (const item of ESCALATION_CHECKLIST.slice(2)) {
    const res = await server.as('dsl')(`/api/schools/${URN}/cases/${amir}/checklist/${item.id}`, { method: 'PUT', json: { answer: 'done', evidence: `Confirmed by the DSL: ${item.id}` } });
    expect(res.status).toBe(200);
  }
  await page.reload();
  await tab(/^Checklist \(16\/16\)/).click();
  expect(await missing.allInnerTexts()).toEqual(['Sam Social (CSC) is the lead professional and has not been consulted.']);
  await referral.getByLabel(/Summary for the local authority/).fill('Absence continues despite support.');
  await referral.getByRole('button', { name: 'Record enforcement referral' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Referral refused' }).innerText()).resolves.toMatch(/1 thing must be done first/);

  await tab(/^Family/).click();
  const consult = page.getByRole('form', { name: 'Consultation with Sam Social' });
  await consult.getByLabel(/What Sam Social said/).fill('Agrees a referral is the next step.');
  await consult.getByRole('button', { name: 'Record the consultation' }).click();
  await page.getByText(/Consulted Fri 20 Nov 2026 by Alex Lead: Agrees a referral is the next step\./).waitFor();

  await tab(/^Checklist/).click();
  await page.getByText('The checklist is complete and every lead professional has been consulted.').waitFor();
  await referral.getByLabel(/Summary for the local authority/).fill('Absence continues despite support.');
  await referral.getByRole('button', { name: 'Record enforcement referral' }).click();
  await page.getByText('Referral recorded Fri 20 Nov 2026').waitFor();
  await page.locator('h2 + div').getByText('Enforcement referral').waitFor();
});

test('switching to the dark theme restyles the page and stays accessible', async () => {
  const background = () => page.locator('.fui-FluentProvider').first().evaluate((el) => getComputedStyle(el).backgroundColor);
  const light = await background();
  await page.getByLabel('Theme').selectOption('dark');
  await page.waitForFunction((before) => getComputedStyle(document.querySelector('.fui-FluentProvider')!).backgroundColor !== before, light);
  const [r, g, b] = (await background()).match(/\d+/g)!.map(Number);
  expect(r + g + b).toBeLessThan(150);
  await tab(/^Attendance/).click();
  await page.getByTestId('herringbone').waitFor();
  await page.waitForTimeout(400); // the tab list's selection indicator slides into place
  await page.screenshot({ path: path.join(ARTIFACTS, 'case-view-dark.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Theme').selectOption('contrast');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Theme').selectOption('light');
});

test('framed by a page that is not Teams, the tab gives teams-js a few seconds, then falls back to local mode', async () => {
  const framing = await browser.newPage();
  try {
    await framing.goto(`${server.baseUrl}/healthz`);
    await framing.setContent(`<iframe title="tab" src="${server.baseUrl}/tab/index.html?view=cases" width="1000" height="700"></iframe>`);
    const frame = framing.frameLocator('iframe');
    await frame.getByRole('heading', { name: /^Cases/ }).waitFor({ timeout: 15_000 });
    await frame.getByRole('button', { name: /Dana Safe · DSL/ }).waitFor();
  } finally {
    await framing.close();
  }
});

test('a deep link opens the tab at the pupil; the attendance lead can read the audit log', async () => {
  await page.goto(`${server.baseUrl}/tab/index.html?pupil=${amir.toLowerCase()}`);
  await page.getByRole('heading', { name: 'Amir Haddad' }).waitFor();
  await tab(/Audit log/).click();
  const log = page.getByRole('table', { name: 'Audit log' });
  await log.waitFor();
  await expect(log.innerText()).resolves.toMatch(/case\.referral\.record\s+denied/);
  await expect(log.innerText()).resolves.toMatch(/case\.meeting\.add\s+ok/);
  expect(pageErrors).toEqual([]);
});
