/**
 * The Import page in headless Chromium against the real server and Azurite (development sign-in), with the
 * import's own test fixtures: the attendance officer chooses a school's five files at once, each file's kind
 * is guessed from its columns, and the import ends with the summary of what changed; the same files again
 * change nothing. Broken files (and one whose kind the officer has to choose) list every located problem,
 * which "Copy problems" puts on the clipboard as tab-separated lines, and nothing in storage changes. No
 * serious or critical accessibility violations. Screenshots go to test-artifacts/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ImportJournalRepository } from '../../bot/import/import-journal-repository';
import { URN } from '../api/support/case-school';
import type { CaseTestServer } from '../api/support/case-test-server';
import { seriousViolations } from '../support/browser';
import { ARTIFACTS, startTabSuite, type TabSuite } from '../support/tab-suite';

jest.setTimeout(180_000);

const FIXTURES = path.resolve(__dirname, '../import/fixtures');
let server: CaseTestServer;
let page: Page;
let suite: TabSuite;
let scratch: string;
let pageErrors: string[];

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-import-page-'));
  suite = await startTabSuite({ permissions: ['clipboard-read', 'clipboard-write'] });
  ({ server, page, pageErrors } = suite);
});

afterAll(async () => {
  await suite?.stop();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const fixture = (name: string) => path.join(FIXTURES, name);
const chooser = () => page.getByLabel('Choose files to import');
const files = () => page.getByRole('table', { name: 'Files to import' });
const kindOf = (name: string) => page.getByLabel(`Kind of file for ${name}`);

/** Everything the import writes for the school, to show that a refused import left it alone. */
async function storedState() {
  const [school, pupils, contacts, reports, marks2025, marks2026, imports] = await Promise.all([
    server.repos.schools.get(URN),
    server.repos.pupils.list(URN),
    server.repos.contacts.list(URN),
    server.repos.absenceReports.list(URN),
    server.repos.marks.listYear(URN, 2025),
    server.repos.marks.listYear(URN, 2026),
    new ImportJournalRepository({ store: server.repos.store }).list(URN),
  ]);
  return { school, pupils, contacts, reports, marks2025, marks2026, imports };
}

test("the attendance officer imports a school's five files at once and sees what changed", async () => {
  await page.goto(`${server.baseUrl}/tab/index.html?view=my-cases`);
  await page.getByRole('button', { name: /Olu Officer · Attendance officer/ }).click();
  await page.getByRole('navigation', { name: 'Firstday' }).getByRole('link', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Import', level: 2 }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  const names = ['pupils.csv', 'contacts.csv', 'marks.csv', 'lates.csv', 'reports.csv'];
  await chooser().setInputFiles(names.map(fixture));
  await files().waitFor();
  expect(await files().getByRole('row').count()).toBe(6);
  // Guessed from each file's columns.
  for (const [name, kind] of [['pupils.csv', 'pupils'], ['contacts.csv', 'contacts'], ['marks.csv', 'marks'], ['lates.csv', 'lates'], ['reports.csv', 'reports']]) {
    await expect(kindOf(name).inputValue()).resolves.toBe(kind);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'import-page-files.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // Every state the progress section passes through, as the page renders it.
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { progressSeen: Set<string> }).progressSeen = seen;
    new MutationObserver(() => {
      const label = document.querySelector('[aria-labelledby="import-progress"] label')?.textContent;
      if (label) seen.add(label.replace(/\d+%/, 'n%'));
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Check and import these 5 files' }).click();
  await page.getByText('Imported.', { exact: true }).waitFor();
  expect(await page.evaluate(() => Array.from((window as unknown as { progressSeen: Set<string> }).progressSeen))).toContain('Sending the files: n%');
  expect(await page.getByRole('region', { name: 'Importing' }).count()).toBe(0);
  const summary = page.getByRole('definition');
  const terms = await page.getByRole('term').allInnerTexts();
  expect(terms).toEqual([...names, 'Pupils', 'Contacts of 3 pupils', 'Registers', 'Absence reports', 'Attendance figures']);
  const changes = await summary.allInnerTexts();
  expect(changes[0]).toBe('Pupils: 4 rows read');
  expect(changes[names.length]).toBe('4 added, 0 updated, 0 unchanged');
  expect(changes[names.length + 2]).toMatch(/^\d+ marks and 2 late arrivals read; \d+ sessions changed in \d+ pupils' records$/);
  expect(changes[names.length + 3]).toBe('2 added, 0 updated, 0 unchanged');
  expect((await server.repos.pupils.list(URN)).map((p) => p.upn)).toEqual(expect.arrayContaining(['G938202510010', 'V938202510020']));
  // The last imports now say who imported each kind.
  const last = page.getByRole('table', { name: 'Last imports' });
  await last.getByRole('row', { name: /^Pupils .* Olu Officer pupils\.csv \(4 rows\)$/ }).waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'import-page-imported.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // The same files again: nothing changes.
  await page.getByRole('button', { name: 'Check and import these 5 files' }).click();
  await page.getByText('Nothing changed.', { exact: true }).waitFor();
  await page.getByText(/These files were imported already, by Olu Officer on/).waitFor();
  expect(pageErrors).toEqual([]);
});

test('broken files list their located problems, which can be copied, and nothing is imported', async () => {
  const before = await storedState();
  // A file whose name and columns say nothing: the officer says what it is.
  const unknown = path.join(scratch, 'Export (3).csv');
  fs.writeFileSync(unknown, 'Pupil Reference,Note\nG938202510010,Left early\n');
  await page.getByRole('button', { name: 'Clear' }).click();
  await chooser().setInputFiles([fixture('bad/pupils-duplicate-upn.csv'), fixture('bad/marks-unknown-code.csv'), unknown]);
  await expect(kindOf('Export (3).csv').inputValue()).resolves.toBe('');
  const go = page.getByRole('button', { name: 'Check and import these 3 files' });
  expect(await go.isDisabled()).toBe(true);
  await kindOf('Export (3).csv').selectOption({ label: 'Absence reports' });
  await go.click();

  await page.getByText('Nothing was imported.', { exact: true }).waitFor();
  const problems = page.getByRole('table', { name: 'Problems in the files' });
  const rows = (await problems.getByRole('row').allInnerTexts()).slice(1).map((r) => r.split('\t').map((c) => c.trim()).join(' | '));
  expect(rows).toEqual([
    'pupils-duplicate-upn.csv | 4 | UPN | duplicate UPN G938202510010: it is also on line 2',
    expect.stringMatching(/^marks-unknown-code\.csv \| 3 \| PM \| unknown attendance code "H": H \(agreed holiday\) was withdrawn/),
    'Export (3).csv | 1 | UPN | missing column "UPN" (or "Pupil UPN", "Student UPN"); the file\'s columns are "Pupil Reference", "Note"',
    expect.stringMatching(/^Export \(3\)\.csv \| 1 \| Reported By \| missing column "Reported By"/),
    expect.stringMatching(/^Export \(3\)\.csv \| 1 \| Received At \| missing column "Received At"/),
    expect.stringMatching(/^Export \(3\)\.csv \| 1 \| Method \| missing column "Method"/),
    expect.stringMatching(/^Export \(3\)\.csv \| 1 \| From Date \| missing column "From Date"/),
    expect.stringMatching(/^Export \(3\)\.csv \| 1 \| Reason \| missing column "Reason"/),
  ]);
  await page.screenshot({ path: path.join(ARTIFACTS, 'import-page-problems.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Copy problems' }).click();
  await page.getByText(/^\d+ problems copied\.$/).waitFor();
  const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
  expect(copied[0]).toBe('File\tLine\tColumn\tProblem');
  expect(copied[1]).toBe('pupils-duplicate-upn.csv\t4\tUPN\tduplicate UPN G938202510010: it is also on line 2');
  expect(copied).toHaveLength(rows.length + 1);

  // Checked and refused before anything was written: storage is as it was.
  expect(await storedState()).toEqual(before);
  expect(pageErrors).toEqual([]);
});
