/**
 * The baseline on the school page, in headless Chromium against the real server and Azurite: the test
 * school's figures were first computed today, so Amir and Layla (below 90%) are its baseline. The DSL
 * sees the list without the button; the attendance lead opens the band's cases after a confirmation and
 * the band then says who opened them. No serious or critical accessibility violations, the dialog included.
 * Screenshots go to test-artifacts/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PUPILS, URN } from '../api/support/case-school';
import { seedBaselineSchool } from '../api/support/baseline-school';
import type { CaseTestServer } from '../api/support/case-test-server';
import { seriousViolations } from '../support/browser';
import { ARTIFACTS, startTabSuite, type TabSuite } from '../support/tab-suite';

jest.setTimeout(180_000);

let server: CaseTestServer;
let page: Page;
let suite: TabSuite;
let pageErrors: string[];

beforeAll(async () => {
  suite = await startTabSuite({ seed: seedBaselineSchool });
  ({ server, page, pageErrors } = suite);
});

afterAll(async () => {
  await suite?.stop();
});

async function schoolPageAs(name: RegExp): Promise<void> {
  await page.goto(`${server.baseUrl}/tab/index.html?view=my-cases`);
  const switchUser = page.getByRole('button', { name: 'Switch user' });
  if (await switchUser.isVisible()) await switchUser.click();
  await page.getByRole('button', { name }).click();
  await page.getByRole('table', { name: 'Support First cases' }).waitFor();
  await page.getByRole('navigation', { name: 'Firstday' }).getByRole('link', { name: 'School attendance' }).click();
  await page.getByRole('heading', { name: "Already in a band when this year's figures began" }).waitFor();
}

const band = () => page.getByRole('table', { name: 'Already in Persistent absence (90% or below) when the figures began' });

test('the DSL sees the baseline, but opening its cases is for the attendance lead', async () => {
  await schoolPageAs(/Dana Safe/);
  await page.getByText('The attendance lead opens their cases, band by band.', { exact: false }).waitFor();
  expect(await band().getByRole('row').count()).toBe(3);
  expect(await page.getByRole('button', { name: /^Open cases for these/ }).count()).toBe(0);
  await page.getByText('No cases opened for this band yet.').waitFor();
});

test("the attendance lead opens a band's baseline cases after confirming, and the band says who opened them", async () => {
  await schoolPageAs(/Alex Lead · Attendance lead/);
  await page.getByRole('heading', { name: 'Persistent absence (90% or below): 2 pupils' }).waitFor();
  // The empty bands are not shown.
  expect(await page.getByRole('heading', { name: /^Below 95%:/ }).count()).toBe(0);
  const rows = band().getByRole('row');
  expect(await rows.count()).toBe(3);
  await expect(rows.nth(1).innerText()).resolves.toMatch(/Amir Haddad\s+Year 7 · 7A\s+81\.0%\s+no case yet/);
  await expect(rows.nth(2).innerText()).resolves.toMatch(/Layla Haddad\s+Year 9 · 9B\s+89\.6%\s+no case yet/);
  await page.locator('#baseline').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'baseline-panel.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // Cancel first: nothing is opened.
  await page.getByRole('button', { name: 'Open cases for these 2 pupils' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open Support First cases for 2 pupils?' });
  await dialog.waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await server.repos.cases.list(URN)).toEqual([]);

  await page.getByRole('button', { name: 'Open cases for these 2 pupils' }).click();
  await dialog.getByRole('button', { name: 'Open 2 cases' }).click();
  await page.getByText('2 cases opened.').waitFor();
  await page.getByText(/^Cases opened by Alex Lead on \d+ Nov 2026, \d\d:\d\d\.$/).waitFor();
  await expect(rows.nth(1).innerText()).resolves.toMatch(/case open/);
  await expect(rows.nth(2).innerText()).resolves.toMatch(/case open/);
  expect(await page.getByRole('button', { name: /^Open cases for these/ }).count()).toBe(0);
  expect((await server.repos.cases.list(URN)).map((c) => c.case.pupilUpn).sort()).toEqual([PUPILS.amir.upn, PUPILS.sister.upn].sort());
  // The rest of the page shows the new cases too.
  await page.getByRole('region', { name: 'At the penalty-notice threshold' }).getByText('case open').nth(1).waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'baseline-panel-opened.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // A pupil's name opens their case.
  await band().getByRole('link', { name: 'Amir Haddad' }).click();
  await page.getByRole('heading', { name: 'Amir Haddad' }).waitFor();
  expect(pageErrors).toEqual([]);
});
