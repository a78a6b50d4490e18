/**
 * The real Firstday server for bot tests as a child process (two of them for the race test), and the settings
 * any test server runs with: port 0, the suite's Azurite, no demo, the test service key. Its clock starts at a
 * chosen instant and runs on. (A server in this process: setUpServerSuite in server-suite.ts.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

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

/** The settings a test server runs with; the service key is TEST_API_KEY unless given (null: none). */
export function serverSettings(options: { connectionString: string; graphBaseUrl?: string; apiKey?: string | null }): Record<string, string> {
  const apiKey = options.apiKey === undefined ? TEST_API_KEY : options.apiKey;
  return {
    PORT: '0',
    TABLES_CONNECTION_STRING: options.connectionString,
    SEED_DEMO: 'false',
    ...(apiKey ? { FIRSTDAY_API_KEY: apiKey } : {}),
    ...(options.graphBaseUrl ? { GRAPH_BASE_URL: options.graphBaseUrl } : {}),
  };
}

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `node --import tsx <script> ...args` with the test settings, its clock starting at `startAt`. */
export function spawnWithSettings(script: string, args: string[], options: BotServerOptions, extraEnv: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...serverSettings(options), FIRSTDAY_TEST_NOW: options.startAt, ...extraEnv },
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
