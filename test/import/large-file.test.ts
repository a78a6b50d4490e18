/** Files at and over the size limit: refused before they are read, or read in full within bounded memory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runImportCli } from '../../bot/commands/import-command';
import { MAX_FILE_BYTES, SchoolImport } from '../../bot/import/school-import';
import { startTestStorage, type TestStorage } from '../support/azurite';
import { DATA_TABLES, snapshot, testSchool, upnFor, URN } from './support';

let storage: TestStorage;
let dir: string;

beforeAll(async () => {
  storage = await startTestStorage();
  await storage.repos.schools.insert(testSchool());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-import-'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await storage.azurite.stop();
});

const UPNS = Array.from({ length: 100_000 }, (_, n) => upnFor(n));

/** A register export of about `bytes` (just over, or with `under`, just under), written a megabyte at a time. */
function writeMarksFile(file: string, bytes: number, under = false): number {
  const fd = fs.openSync(file, 'w');
  let written = fs.writeSync(fd, 'UPN,Date,AM,PM\r\n');
  let chunk = '';
  for (let n = 0; under ? written + chunk.length + 40 < bytes : written + chunk.length <= bytes; n++) {
    chunk += `${UPNS[n % 100_000]},${String((n % 28) + 1).padStart(2, '0')}/09/2025,/,\\\r\n`;
    if (chunk.length > 1_000_000) {
      written += fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  written += fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return written;
}

test('the command line refuses a file over 50 MB by its size, without reading it', async () => {
  const file = path.join(dir, 'marks-all-years.csv');
  const size = writeMarksFile(file, MAX_FILE_BYTES + 1);
  const before = await snapshot(storage.store, DATA_TABLES);
  const rss = process.memoryUsage().rss;
  const err: string[] = [];
  const code = await runImportCli(['--school', URN, '--marks', file], { TABLES_CONNECTION_STRING: storage.connectionString }, { out: () => undefined, err: (l) => err.push(l) });
  expect(code).toBe(1);
  expect(err).toEqual([
    'Nothing was imported: these files cannot be read.',
    `  marks-all-years.csv: the file is too large (${(size / 1024 / 1024).toFixed(1)} MB); the import takes files up to 50 MB: export a shorter date range`,
  ]);
  // Refused by its size alone: the process did not grow by anything like the file.
  expect(process.memoryUsage().rss - rss).toBeLessThan(MAX_FILE_BYTES / 2);
  expect(await snapshot(storage.store, DATA_TABLES)).toEqual(before);
});

test('a file over 50 MB handed to the import (as the API does) is refused by its size, and nothing is written', async () => {
  const content = Buffer.alloc(MAX_FILE_BYTES + 1, 'a');
  const before = await snapshot(storage.store, DATA_TABLES);
  const result = await new SchoolImport({ repos: storage.repos }).run({ urn: URN, files: [{ kind: 'marks', name: 'huge.csv', content }], actor: 'test', source: 'test' });
  expect(result).toEqual({
    status: 'rejected',
    errorCount: 1,
    errors: [{ file: 'huge.csv', message: 'the file is too large (50.0 MB); the import takes files up to 50 MB: export a shorter date range' }],
  });
  expect(await snapshot(storage.store, DATA_TABLES)).toEqual(before);
});

test('a 50 MB register export just under the limit is read in full and answered with a clear message, in bounded memory, without holding up the server', async () => {
  // 1.3 million rows for 100,000 pupils the school does not have: every row is read and checked.
  const file = path.join(dir, 'marks-other-school.csv');
  writeMarksFile(file, MAX_FILE_BYTES, true);
  const content = fs.readFileSync(file);
  expect(content.length).toBeGreaterThan(49 * 1024 * 1024);
  global.gc?.();
  const rss = process.memoryUsage().rss;
  let peak = rss;
  // How often other work got a turn while the file was read: a server importing this must still answer others.
  // A count, not a time: an import that held the event loop throughout would leave the sampler one turn at most.
  let turns = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    turns++;
  }, 20);
  const result = await new SchoolImport({ repos: storage.repos }).run({
    urn: URN,
    files: [{ kind: 'marks', name: 'marks-other-school.csv', content }],
    actor: 'test',
    source: 'test',
  });
  clearInterval(sampler);
  expect(result.status).toBe('rejected');
  if (result.status !== 'rejected') return;
  // Each unknown UPN is reported once, at its first row; the first hundred are listed.
  expect(result.errorCount).toBe(100_000);
  expect(result.errors).toHaveLength(100);
  expect(result.errors[0]).toEqual({ file: 'marks-other-school.csv', line: 2, field: 'UPN', message: expect.stringMatching(/^no pupil with UPN .*: they are not in this import's pupils file and not on roll at school 100001/) });
  // The text, its rows and the checks stay within a few times the file's size.
  expect(peak - rss).toBeLessThan(4 * MAX_FILE_BYTES);
  // Reading 1.3 million rows takes seconds, and other work ran all through it.
  expect(turns).toBeGreaterThanOrEqual(10);
});
