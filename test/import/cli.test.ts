/** `npm run import`: in-process against the suite's Azurite, and as a real process on the embedded store folder. */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runImportCli } from '../../bot/commands/import-command';
import { EmbeddedAzurite } from '../../bot/store/embedded-azurite';
import { createRepositories } from '../../bot/store/repositories';
import { TableStore } from '../../bot/store/table-store';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { FIXTURES, testSchool, URN } from './support';

let storage: TestStorage;
const at = (name: string) => path.join(FIXTURES, name);

beforeAll(async () => {
  storage = await startTestStorage();
  await storage.repos.schools.insert(testSchool());
});
afterAll(() => storage.azurite.stop());

async function cli(args: string[], env: NodeJS.ProcessEnv = { TABLES_CONNECTION_STRING: storage.connectionString }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImportCli(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

test('imports the files given, prints what changed, and says "already imported" the second time', async () => {
  const args = ['--school', URN, '--pupils', at('pupils.csv'), '--marks', at('marks.csv'), '--marks', at('marks-per-session.csv'), '--lates', at('lates.csv')];
  const first = await cli(args);
  expect(first.err).toEqual([]);
  expect(first.code).toBe(0);
  expect(first.out[0]).toMatch(/^Imported into school 100001 \(import [0-9a-f]{12}\)\.$/);
  expect(first.out.slice(1)).toEqual([
    '  pupils.csv (pupils, 4 rows), marks.csv (marks, 6 rows), marks-per-session.csv (marks, 4 rows), lates.csv (lates, 2 rows)',
    '  pupils: 4 added, 0 updated, 0 unchanged',
    // The two lates are for sessions the register also gives: 14 sessions in all.
    '  marks: 14 register marks and 2 lates read, 14 sessions changed in 4 pupil records',
    // Two days of marks: too few sessions for any band.
    '  attendance figures for 4 pupils to 2025-09-02: no one crossed a band',
  ]);
  expect((await storage.repos.audit.recent(URN))[0]).toMatchObject({ actorId: `cli:${os.userInfo().username}`, source: expect.stringMatching(/^cli /) });

  const second = await cli(args);
  expect(second.code).toBe(0);
  expect(second.out).toEqual([expect.stringMatching(/^Already imported: these files were imported into school 100001 at .* by .*\. Nothing was changed\.$/)]);
});

test('--staff and --calendar import the staff list and the calendar; --check reads and checks and writes nothing', async () => {
  await storage.repos.schools.insert(testSchool('100009'));
  const checked = await cli(['--school', '100009', '--check', '--staff', at('staff.csv'), '--calendar', at('calendar.csv')]);
  expect(checked).toEqual({ code: 0, err: [], out: ['Checked for school 100009: no problems in staff.csv (staff, 4 rows), calendar.csv (calendar, 9 rows). Nothing was imported (--check).'] });
  expect((await storage.repos.schools.get('100009'))!.value).toEqual(testSchool('100009'));

  const imported = await cli(['--school', '100009', '--staff', at('staff.csv'), '--calendar', at('calendar.csv')]);
  expect(imported.err).toEqual([]);
  expect(imported.code).toBe(0);
  expect(imported.out.slice(1)).toEqual([
    '  staff.csv (staff, 4 rows), calendar.csv (calendar, 9 rows)',
    '  staff: 3 added, 1 updated, 0 unchanged, 0 left',
    '  calendar for 2025/26: 6 terms, 2 INSET days, 1 other closure days, 1 bank holiday in term closed (2026-05-04)',
  ]);
  const school = (await storage.repos.schools.get('100009'))!.value;
  expect(school.staff.find((s) => s.upn === 'g.thompson@school.example')).toMatchObject({ roles: ['head-of-year'], yearGroups: [7, 8] });
  expect(school.terms).toHaveLength(6);
});

test('prints every located problem and exits 1 when the files are wrong', async () => {
  const { code, out, err } = await cli(['--school', URN, '--pupils', at('bad/pupils-duplicate-upn.csv'), '--contacts', at('bad/contacts-unknown-pupil.csv')]);
  expect(code).toBe(1);
  expect(out).toEqual([]);
  expect(err).toEqual([
    'Nothing was imported: 2 problems in the files. Fix them and run the import again.',
    '  pupils-duplicate-upn.csv, line 4, UPN: duplicate UPN G938202510010: it is also on line 2',
    expect.stringMatching(/^ {2}contacts-unknown-pupil.csv, line 3, UPN: no pupil with UPN J938202510050/),
  ]);
});

test('a school that is not set up, a missing file and a missing --school are each said plainly', async () => {
  const unknown = await cli(['--school', '999999', '--pupils', at('pupils.csv')]);
  expect(unknown.code).toBe(1);
  expect(unknown.err).toEqual([expect.stringMatching(/^There is no school with URN 999999 in Firstday\. .*Check the URN, or start the server once \(npm start\)\.$/)]);

  const missing = await cli(['--school', URN, '--marks', '/no/such/marks.csv']);
  expect(missing).toEqual({ code: 1, out: [], err: ['Nothing was imported: these files cannot be read.', '  /no/such/marks.csv: there is no such file'] });

  const noSchool = await cli(['--pupils', at('pupils.csv')]);
  expect(noSchool.code).toBe(1);
  expect(noSchool.err[0]).toMatch(/^Say which school: --school <URN>\./);
  expect((await cli(['--school', URN, '--registers', 'x.csv'])).err[0]).toMatch(/Unknown option '--registers'/);
});

test('refuses to write the embedded store while a Firstday server on this machine holds it', async () => {
  // The server's lock on its storage folder: a live process's id, and where it serves.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-held-'));
  const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    fs.mkdirSync(path.join(dataDir, 'azurite'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'azurite', 'firstday.lock'), JSON.stringify({ pid: holder.pid, url: 'http://127.0.0.1:3978', since: new Date().toISOString() }));
    const { code, err } = await cli(['--school', URN, '--pupils', at('pupils.csv')], { FIRSTDAY_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(err[0]).toMatch(/^The Firstday server is running \(http:\/\/127\.0\.0\.1:3978\) with its embedded storage.*POST \/api\/schools\/100001\/imports/);
  } finally {
    holder.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('as a real process with no connection string, it imports into the embedded store under the data folder', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-cli-'));
  try {
    // The school is set up in that folder's store, as the server's first start would.
    const azurite = new EmbeddedAzurite({ location: path.join(dataDir, 'azurite') });
    await azurite.start();
    await createRepositories(new TableStore({ connectionString: azurite.connectionString })).schools.insert(testSchool());
    await azurite.stop();

    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', path.resolve('bot/commands/import-command.ts'), '--school', URN, ...args], {
        env: { PATH: process.env.PATH, FIRSTDAY_DATA_DIR: dataDir, PORT: '1' },
      });
    const first = await run('--pupils', at('pupils.csv'));
    expect(first.stdout).toMatch(/^Imported into school 100001/);
    const second = await run('--pupils', at('pupils.csv'));
    expect(second.stdout).toMatch(/^Already imported/);
    await expect(run('--pupils', at('bad/pupils-semicolon.csv'))).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('pupils-semicolon.csv, line 1: the file is separated by semicolons, not commas'),
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
