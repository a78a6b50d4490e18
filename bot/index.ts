/** `npm start`: read the settings, start the server, stop cleanly on SIGINT/SIGTERM. */
import { ConfigError, loadConfig } from './platform/config';
import { JsonLogger } from './platform/logger';
import { startTelemetry } from './platform/telemetry';

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
  // Telemetry starts before the server's modules load, so its HTTP instrumentation sees every request.
  const telemetry = startTelemetry({ connectionString: config.appInsightsConnectionString, logger });
  const { FirstdayServer } = await import('./server');
  const server = new FirstdayServer({ config, logger, schoolDay: { start: true } });
  const shutdown = (signal: string) => {
    logger.info(`${signal} received: stopping`);
    server
      .stop()
      .then(() => telemetry.stop().catch(() => undefined))
      .then(
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
