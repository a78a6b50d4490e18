/**
 * The command lines on a developer's machine: `npm run school` creates a school in the embedded storage, and
 * while the server holds that storage, `npm run school`, `npm run import` and `npm run daily` never write beside
 * it (two Azurites on one folder lose each other's writes): the daily run is sent to the server instead. The
 * server's hold is its lock on the folder, so it does not matter how slowly the server answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDailyCli } from '../../bot/commands/daily-command';
import { runSchoolCli } from '../../bot/commands/school-command';
import { EmbeddedAzurite } from '../../bot/store/embedded-azurite';
import { createRepositories } from '../../bot/store/repositories';
import { TableStore } from '../../bot/store/table-store';
import { startServerProcess } from '../support/server-process';

const KEY = 'beside-server-key-0123456789abcdefghijk';
let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-beside-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function run(cli: typeof runSchoolCli, args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli(args, { FIRSTDAY_DATA_DIR: dataDir, ...env }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

test('npm run school creates a school in the embedded storage, refuses a bad or repeated URN, and lists schools', async () => {
  const created = await run(runSchoolCli, ['create', '--urn', '150001', '--name', 'Brookside School'], {});
  expect(created).toMatchObject({ code: 0, err: [] });
  expect(created.out[0]).toBe('Created Brookside School (URN 150001) with the default settings.');

  const bad = await run(runSchoolCli, ['create', '--urn', '15001', '--name', 'Short URN'], {});
  expect(bad.code).toBe(1);
  expect(bad.err).toEqual(['The school was not created:', expect.stringMatching(/^ {2}--urn: the URN must be the school's six-digit unique reference number/)]);

  const again = await run(runSchoolCli, ['create', '--urn', '150001', '--name', 'Brookside Again'], {});
  expect(again).toMatchObject({ code: 1, err: ['A school with URN 150001 (Brookside School) is already in Firstday. Nothing was changed.'] });

  const list = await run(runSchoolCli, ['list'], {});
  expect(list.out).toEqual(['150001  Brookside School  (0 staff, 0 terms)']);

  // What the command wrote is in the folder's storage, as the server will read it.
  const azurite = new EmbeddedAzurite({ location: path.join(dataDir, 'azurite') });
  await azurite.start();
  try {
    const repos = createRepositories(new TableStore({ connectionString: azurite.connectionString }));
    expect((await repos.schools.get('150001'))?.value).toMatchObject({ name: 'Brookside School', registerCloseTime: '09:10' });
  } finally {
    await azurite.stop();
  }
});

test('beside a running server on the same storage, the commands stand back and the daily run goes to the server', async () => {
  const server = await startServerProcess({ FIRSTDAY_DATA_DIR: dataDir, SEED_DEMO: 'false', FIRSTDAY_API_KEY: KEY });
  try {
    const school = await run(runSchoolCli, ['create', '--urn', '150002', '--name', 'Beside School'], {});
    expect(school.code).toBe(1);
    expect(school.err[0]).toContain(`The Firstday server is running (${server.baseUrl})`);

    // Without the key there is no way to ask the server, and nothing is run beside it.
    const refused = await run(runDailyCli, ['--school', '150001'], {});
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toContain(`The Firstday server is running (${server.baseUrl})`);

    // With it, the server answers for the school it holds: no channel is linked yet.
    const viaServer = await run(runDailyCli, ['--school', '150001', '--date', '2026-12-07'], { FIRSTDAY_API_KEY: KEY });
    expect(viaServer.code).toBe(1);
    expect(viaServer.err[0]).toMatch(/Brookside School|not a school day/);
  } finally {
    expect(await server.stop()).toBe(0);
  }
  // Once the server has stopped, its lock is gone and the commands work again.
  const after = await run(runSchoolCli, ['list'], {});
  expect(after).toMatchObject({ code: 0, out: ['150001  Brookside School  (0 staff, 0 terms)'] });
});
