/**
 * `npm run import -- --school 100001 --staff staff.csv --calendar calendar.csv --pupils pupils.csv
 *  --contacts contacts.csv --marks marks.csv --lates lates.csv --reports reports.csv` (any subset; an option
 *  may be repeated). `--check` reads and checks the files and writes nothing.
 * Storage: TABLES_CONNECTION_STRING when set, otherwise the embedded Azurite under .data/azurite that the
 * server uses. Prints what was imported, or every located problem; exits 1 when nothing was imported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCommandLineStorage } from '../store/command-line-storage';
import { IMPORT_FILE_KINDS, type ImportFile, type ImportResult } from '../import/import-types';
import { describeProblem, type ImportProblem } from '../import/problems';
import { describeSummary, MAX_FILE_BYTES, SchoolImport } from '../import/school-import';

const USAGE = `Usage: npm run import -- --school <URN> [--check] [--staff FILE] [--calendar FILE] [--pupils FILE] [--contacts FILE] [--marks FILE] [--lates FILE] [--reports FILE]
Any subset of files; each option may be given more than once. The columns of each file are in docs/import.md.
--check reads and checks every file and writes nothing.
Storage: TABLES_CONNECTION_STRING if set, otherwise the server's embedded storage in .data/azurite.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the import as the command line asks; returns the exit code. */
export async function runImportCli(args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      options: {
        school: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        check: { type: 'boolean' },
        ...Object.fromEntries(IMPORT_FILE_KINDS.map((k) => [k, { type: 'string', multiple: true }] as const)),
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const urn = values.school as string | undefined;
  if (!urn) {
    io.err(`Say which school: --school <URN>.\n${USAGE}`);
    return 1;
  }

  const problems: ImportProblem[] = [];
  const files: ImportFile[] = [];
  for (const kind of IMPORT_FILE_KINDS) {
    for (const given of (values[kind] as string[] | undefined) ?? []) {
      const loaded = loadFile(kind, given);
      if ('problem' in loaded) problems.push(loaded.problem);
      else files.push(loaded.file);
    }
  }
  if (files.length === 0 && problems.length === 0) {
    io.err(`Give at least one file to import.\n${USAGE}`);
    return 1;
  }
  if (problems.length) {
    io.err('Nothing was imported: these files cannot be read.');
    for (const p of problems) io.err(`  ${describeProblem(p)}`);
    return 1;
  }

  const storage = await openCommandLineStorage(env, `send the files to it: POST /api/schools/${urn}/imports (or the tab's Import page)`);
  if ('refused' in storage) {
    io.err(storage.refused);
    return 1;
  }
  try {
    const { repos } = storage;
    const user = os.userInfo().username;
    const result = await new SchoolImport({ repos }).run({
      urn,
      files,
      actor: `cli:${user}`,
      actorName: user,
      source: `cli ${os.hostname()}`,
      ...(values.check ? { checkOnly: true } : {}),
    });
    return report(result, urn, io);
  } finally {
    await storage.close();
  }
}

function loadFile(kind: ImportFile['kind'], given: string): { file: ImportFile } | { problem: ImportProblem } {
  const name = path.basename(given);
  let size: number;
  try {
    const stat = fs.statSync(given);
    if (!stat.isFile()) return { problem: { file: given, message: 'is not a file' } };
    size = stat.size;
  } catch {
    return { problem: { file: given, message: 'there is no such file' } };
  }
  // Refused before it is read: a file of any size costs no memory.
  if (size > MAX_FILE_BYTES) {
    return { problem: { file: name, message: `the file is too large (${(size / 1024 / 1024).toFixed(1)} MB); the import takes files up to ${MAX_FILE_BYTES / 1024 / 1024} MB: export a shorter date range` } };
  }
  return { file: { kind, name, content: fs.readFileSync(given) } };
}

function report(result: ImportResult, urn: string, io: CliIo): number {
  switch (result.status) {
    case 'imported':
      io.out(`Imported into school ${urn} (import ${result.importId.slice(0, 12)}).`);
      for (const line of describeSummary(result.summary).split('; ')) io.out(`  ${line}`);
      return 0;
    case 'checked':
      io.out(`Checked for school ${urn}: no problems in ${result.files.map((f) => `${f.name} (${f.kind}, ${f.rows} rows)`).join(', ')}. Nothing was imported (--check).`);
      return 0;
    case 'already-imported':
      io.out(`Already imported: these files were imported into school ${urn} at ${result.importedAt} by ${result.importedBy}. Nothing was changed.`);
      return 0;
    case 'rejected':
      io.err(`Nothing was imported: ${result.errorCount} problem${result.errorCount === 1 ? '' : 's'} in the files. Fix them and run the import again.`);
      for (const p of result.errors) io.err(`  ${describeProblem(p)}`);
      if (result.errorCount > result.errors.length) io.err(`  ...and ${result.errorCount - result.errors.length} more`);
      return 1;
    case 'unknown-school':
      io.err(`${result.message} Check the URN, or start the server once (npm start).`);
      return 1;
    case 'busy':
      io.err(result.message);
      return 1;
    case 'failed':
      io.err(result.rolledBack ? `Nothing was imported: ${result.message}` : result.message);
      return 1;
  }
}

if (require.main === module) {
  runImportCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(`The import failed: ${(err as Error).stack ?? err}`);
      process.exitCode = 1;
    },
  );
}
