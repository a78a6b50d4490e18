/** `npm start`: read the settings, start the server, stop cleanly on SIGINT/SIGTERM. */
import { ConfigError, loadConfig } from './config';
import { JsonLogger } from './logger';
import { FirstdayServer } from './server';

async function main(): Promise<void> {
  const logger = new JsonLogger();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const server = new FirstdayServer({ config, logger });
  const shutdown = (signal: string) => {
    logger.info(`${signal} received: stopping`);
    server.stop().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (err) => {
        logger.error('stop failed', { error: (err as Error).message });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  await server.start();
}

main().catch((err) => {
  process.stderr.write(`Firstday failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
