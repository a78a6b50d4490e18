/** A Firstday server in its own process for tests: settings from the environment, clock from FIRSTDAY_TEST_NOW. */
import { loadConfig } from '../../bot/platform/config';
import { JsonLogger } from '../../bot/platform/logger';
import { FirstdayServer } from '../../bot/server';
import { clockFrom } from './bot-server';

async function main(): Promise<void> {
  const server = new FirstdayServer({
    config: loadConfig(process.env),
    logger: new JsonLogger({ write: (line) => process.stderr.write(`${line}\n`) }),
    now: clockFrom(process.env.FIRSTDAY_TEST_NOW ?? new Date().toISOString()),
  });
  const { port } = await server.start();
  process.stdout.write(`LISTENING ${port}\n`);
  process.once('SIGTERM', () => {
    server.stop().then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
