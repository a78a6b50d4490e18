/**
 * The real Firstday server for bot tests: in this process, or as a child process (two of them for the
 * race test), on port 0 against the suite's Azurite. Its clock starts at a chosen instant and runs on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../../bot/config';
import { JsonLogger } from '../../bot/logger';
import { FirstdayServer } from '../../bot/server';

export const TEST_API_KEY = 'test-api-key-0123456789-abcdefghijklmnop';

export interface BotServer {
  url: string;
  stop(): Promise<void>;
}

export interface BotServerOptions {
  connectionString: string;
  /** Microsoft Graph's base URL: the connector stand-in answers the channel-message routes. */
  graphBaseUrl?: string;
  /** The instant the server's clock starts at. */
  startAt: string;
}

export function clockFrom(startAt: string): () => Date {
  const offset = Date.parse(startAt) - Date.now();
  return () => new Date(Date.now() + offset);
}

function env(options: BotServerOptions): Record<string, string> {
  return {
    PORT: '0',
    TABLES_CONNECTION_STRING: options.connectionString,
    SEED_DEMO: 'false',
    FIRSTDAY_API_KEY: TEST_API_KEY,
    ...(options.graphBaseUrl ? { GRAPH_BASE_URL: options.graphBaseUrl } : {}),
  };
}

export async function startBotServer(options: BotServerOptions): Promise<BotServer> {
  const lines: string[] = [];
  const server = new FirstdayServer({
    config: loadConfig(env(options)),
    logger: new JsonLogger({ write: (line) => lines.push(line) }),
    now: clockFrom(options.startAt),
  });
  const { port } = await server.start();
  return { url: `http://127.0.0.1:${port}`, stop: () => server.stop() };
}

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `node --import tsx <script> ...args` with the test settings; resolves once it prints its first line. */
export function spawnWithSettings(script: string, args: string[], options: BotServerOptions, extraEnv: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env(options), FIRSTDAY_TEST_NOW: options.startAt, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A server in a child process: the race test runs two against one storage account. */
export async function spawnBotServer(options: BotServerOptions): Promise<BotServer & { child: ChildProcess }> {
  const child = spawnWithSettings('test/support/bot-server-process.ts', [], options);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /LISTENING (\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.stderr!.on('data', (d) => (err += d));
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}: ${err}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
