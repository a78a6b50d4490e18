/**
 * The school's attendance view in headless Chromium against the real server and Azurite: the attendance
 * lead opens it and sees the figures the statistics stored, the charts and the pupils who crossed a band
 * (linking to their cases); a head of year is told plainly they cannot see it; no serious or critical
 * accessibility violations. And the tab refuses to be framed by a site that is not Teams or this server.
 * Screenshots go to test-artifacts/.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { seriousViolations } from '../support/browser';
import { ARTIFACTS, startTabSuite, type TabSuite } from '../support/tab-suite';
import { type Browser, type Page } from 'playwright-core';
import { PUPILS, URN } from '../api/support/case-school';
import type { CaseTestServer } from '../api/support/case-test-server';

jest.setTimeout(180_000);

let server: CaseTestServer;
let browser: Browser;
let page: Page;
let suite: TabSuite;
let pageErrors: string[];

beforeAll(async () => {
  suite = await startTabSuite();
  ({ server, browser, page, pageErrors } = suite);
  // Amir's case is open; Layla crossed a band too but has none yet.
  expect((await server.as('lead')(`/api/schools/${URN}/cases`, { method: 'POST', json: { upn: PUPILS.amir.upn, reason: 'Persistent absence' } })).status).toBe(201);
});

afterAll(async () => {
  await suite?.stop();
});

function signInAs(name: RegExp): Promise<void> {
  return suite.signInAs(name, () => page.getByRole('table', { name: 'Support First cases' }).waitFor());
}

test("the attendance lead opens the school's attendance and sees the figures, the charts and this week's crossings", async () => {
  await signInAs(/Alex Lead · Attendance lead/);
  await page.getByRole('navigation', { name: 'Firstday' }).getByRole('link', { name: 'School attendance' }).click();
  await page.getByRole('heading', { name: /^School attendance · Test Park School/ }).waitFor();
  await page.getByText('Figures to Fri 20 Nov 2026, academic year 2026/27.').waitFor();
  await page.getByText('90.2%', { exact: true }).first().waitFor();

  const crossings = page.getByRole('table', { name: 'Pupils who crossed a band' });
  const rows = crossings.getByRole('row');
  expect(await rows.count()).toBe(3);
  await expect(rows.nth(1).innerText()).resolves.toMatch(/Amir Haddad\s+Year 7 · 7A\s+Persistent absence \(90% or below\)\s+81\.0%\s+Fri 20 Nov 2026\s+case open\s+Layla Haddad \(year 9\): absent on the same 6 days, last Mon 16 Nov 2026/);
  await expect(rows.nth(2).innerText()).resolves.toMatch(/Layla Haddad\s+Year 9 · 9B[\s\S]*89\.6%[\s\S]*no case yet/);

  const years = page.getByRole('table', { name: 'Attendance by year group' });
  await expect(years.innerText()).resolves.toMatch(/Year 7\s+1\s+81\.0%\s+1 \(100\.0%\)\s+0 \(0\.0%\)/);
  await expect(years.innerText()).resolves.toMatch(/Whole school\s+3\s+90\.2%\s+2 \(66\.7%\)/);

  // Each chart is a picture with a title and a description in words.
  for (const [id, title] of [
    ['year-group-chart', /^Attendance by year group this year/],
    ['weekday-chart', /^Sessions missed by weekday, morning and afternoon/],
    ['weekly-chart', /^The school's attendance week by week/],
    ['band-chart', /^Pupils in each of the school's attendance bands/],
  ] as const) {
    const chart = page.getByTestId(id);
    expect(await chart.getAttribute('role')).toBe('img');
    await expect(chart.locator('title').first().textContent()).resolves.toMatch(title);
    expect(await chart.locator('desc').textContent()).toBeTruthy();
  }
  await expect(page.getByTestId('weekday-chart').locator('desc').textContent()).resolves.toMatch(/^Most missed: Monday morning, 51\.5% of sessions\./);
  await page.screenshot({ path: path.join(ARTIFACTS, 'school-view.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Theme').selectOption('dark');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, 'school-view-dark.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Theme').selectOption('light');

  // A crossing links to the pupil's case.
  await crossings.getByRole('link', { name: 'Amir Haddad' }).click();
  await page.getByRole('heading', { name: 'Amir Haddad' }).waitFor();
  expect(page.url()).toMatch(new RegExp(`#/cases/${PUPILS.amir.upn}$`));
});

test('a head of year is not offered the school view, and told plainly they cannot see it', async () => {
  await signInAs(/Harriet Seven · Head of year 7/);
  expect(await page.getByRole('navigation', { name: 'Firstday' }).count()).toBe(0);
  await page.goto(`${server.baseUrl}/tab/index.html?view=my-cases#/school`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  await expect(alert.innerText()).resolves.toMatch(/You cannot see the school's figures\s*The school's attendance figures are for the attendance lead and the DSLs\. Your cases are under Cases\./);
  await page.screenshot({ path: path.join(ARTIFACTS, 'school-view-refused.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Go to the cases' }).click();
  await page.getByText('1 case · years 7').waitFor();
  expect(pageErrors).toEqual([]);
});

test('a page on another site cannot frame the tab', async () => {
  const framing = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><title>elsewhere</title><iframe title="tab" src="${server.baseUrl}/tab/index.html?view=cases" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => framing.listen(0, '127.0.0.1', resolve));
  // A context that honours the tab's policy, unlike the one above.
  const context = await browser.newContext();
  try {
    const other = await context.newPage();
    const refused = new Promise<void>((resolve) => other.on('console', (m) => /frame-ancestors/.test(m.text()) && resolve()));
    await other.goto(`http://127.0.0.1:${(framing.address() as AddressInfo).port}/`);
    await refused;
    expect(await other.frames()[1].locator('#root').count()).toBe(0);
  } finally {
    await context.close();
    await new Promise((resolve) => framing.close(resolve));
  }
});
