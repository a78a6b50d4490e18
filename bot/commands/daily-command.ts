/**
 * `npm run daily -- --school 100001 [--date YYYY-MM-DD]`: starts (or finishes) a school's daily run: works out
 * the unexplained list and either sends the attendance officer the preview or posts the cards. Safe to run
 * again at any time: nothing is posted twice. If another process is posting the same day, it waits for that
 * process's lease and then finishes whatever is left. While the day's register has not reached Firstday nothing is
 * listed (the whole roll would look absent): it says so and exits with 2; import the marks and run it again.
 * Storage: TABLES_CONNECTION_STRING when set; otherwise the embedded storage under .data/ (the server must
 * not be running on it: then the run is sent to the server's API with FIRSTDAY_API_KEY).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../platform/config';
import { JsonLogger } from '../platform/logger';
import { EmbeddedAzurite, StorageInUseError } from '../store/embedded-azurite';
import { createRepositories } from '../store/repositories';
import { TableStore } from '../store/table-store';
import { DailyRunError, describeRun, type RunResult } from '../jobs/daily-run';
import { createTeamsServices } from '../teams/teams-integration';

const USAGE = `Usage: npm run daily -- --school <URN> [--date YYYY-MM-DD]
Without --date the run is for today in the school's time zone.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The exit code when nothing was posted because the register has not arrived: not a failure, not done either. */
const NOT_YET = 2;

/** How long to keep waiting for another process that holds the day's run. */
const MAX_WAIT_MS = 5 * 60_000;

export async function runDailyCli(args: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let values: { school?: string; date?: string; help?: boolean };
  try {
    values = parseArgs({ args, strict: true, options: { school: { type: 'string' }, date: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.school) {
    io.err(`Say which school: --school <URN>.\n${USAGE}`);
    return 1;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }

  let azurite: EmbeddedAzurite | undefined;
  let connectionString: string;
  if (config.storage.kind === 'connection-string') connectionString = config.storage.connectionString;
  else if (config.storage.kind === 'embedded') {
    azurite = new EmbeddedAzurite({ location: path.resolve(config.storage.dataDir, 'azurite') });
    try {
      await azurite.start();
    } catch (err) {
      // The server holds this storage, however long it took to answer: the run goes to it, never beside it.
      if (!(err instanceof StorageInUseError)) throw err;
      if (err.url) return viaServer(err.url, values.school, values.date, env, io);
      io.err(`${err.message} Stop it first, or run the list from the server.`);
      return 1;
    }
    connectionString = azurite.connectionString;
  } else {
    io.err('The daily run from the command line needs TABLES_CONNECTION_STRING (or run it through the server: POST /api/schools/<URN>/daily-runs).');
    return 1;
  }

  const logger = new JsonLogger({ write: (line) => io.err(line) });
  const repos = createRepositories(new TableStore({ connectionString }));
  const services = createTeamsServices({ config, logger, repos, now: () => new Date() });
  const user = os.userInfo().username;
  try {
    let result = await services.runner.start(values.school, values.date, { id: `cli:${user}`, name: user, source: `cli ${os.hostname()}` });
    const giveUpAt = Date.now() + MAX_WAIT_MS;
    let told = false;
    while (result.state === 'busy') {
      if (Date.now() > giveUpAt) {
        io.err(`Another process is still posting ${result.date}; its lease runs until ${result.leaseUntil}. Try again later.`);
        return 1;
      }
      const { date, leaseUntil } = result;
      if (!told) io.out(`Another process is posting ${date}; waiting for it (its lease runs until ${leaseUntil}).`);
      told = true;
      // Checked every second: the other process may finish, or stop, well before its lease runs out.
      await new Promise((r) => setTimeout(r, Math.min(1_000, Math.max(200, Date.parse(leaseUntil) - Date.now() + 100))));
      result = await services.runner.post(values.school, date);
    }
    io.out(describeRun(result));
    return result.state === 'waiting' ? NOT_YET : 0;
  } catch (err) {
    if (err instanceof DailyRunError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  } finally {
    services.summaries.stop();
    await services.sender.idle();
    await azurite?.stop();
  }
}

/** The server holds the embedded storage: ask it to run the day instead. */
async function viaServer(url: string, urn: string, date: string | undefined, env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  if (!env.FIRSTDAY_API_KEY) {
    io.err(`The Firstday server is running (${url}) on the embedded storage in .data/. Stop it first, or set FIRSTDAY_API_KEY (for both) so that this command can ask the server to run the list.`);
    return 1;
  }
  const res = await fetch(`${url}/api/schools/${encodeURIComponent(urn)}/daily-runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${env.FIRSTDAY_API_KEY}` },
    body: JSON.stringify(date ? { date } : {}),
  });
  const body = (await res.json()) as RunResult & { error?: string; message?: string };
  if (!res.ok && res.status !== 202) {
    io.err(body.error ?? `The server answered ${res.status}.`);
    return 1;
  }
  io.out(body.message ?? describeRun(body));
  return body.state === 'waiting' ? NOT_YET : 0;
}

if (require.main === module) {
  const io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };
  runDailyCli(process.argv.slice(2), process.env, io).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(`The daily run failed: ${(err as Error).stack ?? err}`);
      process.exitCode = 1;
    },
  );
}
