/**
 * `npm run school -- create --urn 123456 --name "Riverside Academy"`: creates a school with the default
 * settings (as POST /api/schools does). `npm run school -- list` lists the schools. Storage as for the
 * import: TABLES_CONNECTION_STRING when set, otherwise the embedded storage under .data/ (the server must not
 * be running on it: then use POST /api/schools with the service key).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openCommandLineStorage } from '../store/command-line-storage';
import { createSchool } from '../schools/create-school';

const USAGE = `Usage: npm run school -- create --urn <six-digit URN> --name "<school name>"
       npm run school -- list
A new school starts with the default settings (Europe/London, registers close 09:10 and 13:40, notify-by 08:30,
the default bands, review before posting, 15 minutes to acknowledge a concern). Then import its staff and
calendar (npm run import -- --school <URN> --staff staff.csv --calendar calendar.csv), and its pupils and marks.
Storage: TABLES_CONNECTION_STRING if set, otherwise the server's embedded storage in .data/azurite.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function runSchoolCli(args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  let values: { urn?: string; name?: string; help?: boolean };
  try {
    values = parseArgs({ args: rest, strict: true, options: { urn: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  if (command === 'help' || command === '--help' || command === '-h' || values.help) {
    io.out(USAGE);
    return 0;
  }
  if (command !== 'create' && command !== 'list') {
    io.err(`${command ? `"${command}" is not a school command.` : 'Say what to do: create or list.'}\n${USAGE}`);
    return 1;
  }

  const storage = await openCommandLineStorage(env, 'create the school through it: POST /api/schools with the service key');
  if ('refused' in storage) {
    io.err(storage.refused);
    return 1;
  }
  try {
    const { repos } = storage;
    if (command === 'list') {
      const schools = await repos.schools.list();
      if (!schools.length) io.out('There are no schools yet: npm run school -- create --urn <URN> --name "<name>".');
      for (const s of schools) io.out(`${s.urn}  ${s.name}  (${s.staff.length} staff, ${s.terms.length} terms)`);
      return 0;
    }
    const user = os.userInfo().username;
    const result = await createSchool(repos, { urn: values.urn, name: values.name }, { id: `cli:${user}`, name: user, source: `cli ${os.hostname()}` }, new Date());
    switch (result.status) {
      case 'invalid':
        io.err('The school was not created:');
        for (const e of result.errors) io.err(`  --${e.field}: ${e.message}`);
        return 1;
      case 'exists':
        io.err(`A school with URN ${result.urn} (${result.name}) is already in Firstday. Nothing was changed.`);
        return 1;
    }
    io.out(`Created ${result.school.name} (URN ${result.school.urn}) with the default settings.`);
    io.out(`Next: npm run import -- --school ${result.school.urn} --staff staff.csv --calendar calendar.csv, then its pupils, contacts and marks (docs/import.md).`);
    return 0;
  } finally {
    await storage.close();
  }
}

if (require.main === module) {
  runSchoolCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(`The school command failed: ${(err as Error).stack ?? err}`);
      process.exitCode = 1;
    },
  );
}
