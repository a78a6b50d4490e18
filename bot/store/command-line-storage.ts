/**
 * Storage for a command line (`npm run import`, `npm run school`): Table Storage when TABLES_CONNECTION_STRING
 * is set, otherwise the server's embedded storage under .data/ — unless a server holds it, in which case the
 * command must not write beside it (two Azurites on one folder lose each other's writes) and is told what to
 * do instead.
 */
import path from 'node:path';
import { EmbeddedAzurite, StorageInUseError } from './embedded-azurite';
import { createRepositories, type Repositories } from './repositories';
import { TableStore } from './table-store';

export type CommandLineStorage = { repos: Repositories; close: () => Promise<void> } | { refused: string };

/** `instead`: what the person can do through the running server, e.g. "send the files to it: POST …". */
export async function openCommandLineStorage(env: NodeJS.ProcessEnv, instead: string): Promise<CommandLineStorage> {
  if (env.TABLES_CONNECTION_STRING) return { repos: createRepositories(new TableStore({ connectionString: env.TABLES_CONNECTION_STRING })), close: async () => undefined };
  const location = path.resolve(env.FIRSTDAY_DATA_DIR ?? '.data', 'azurite');
  const azurite = new EmbeddedAzurite({ location });
  try {
    await azurite.start();
  } catch (err) {
    if (!(err instanceof StorageInUseError)) throw err;
    const holder = err.url ? `The Firstday server is running (${err.url})` : `Another process (pid ${err.pid}) is using it`;
    return { refused: `${holder} with its embedded storage in ${location}: what this command wrote beside it would be lost when the server next saves. Stop the server first, or ${instead}.` };
  }
  return { repos: createRepositories(new TableStore({ connectionString: azurite.connectionString })), close: () => azurite.stop() };
}
