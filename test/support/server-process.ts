/**
 * Runs the real server as a child process and reads its JSON log: `bot/index.ts` as `npm start` does, or the
 * bundle App Service runs (`dist/server/index.js`) with plain node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** Every log line so far, parsed where it is JSON. */
  logs: Array<Record<string, unknown>>;
  stderr: () => string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = path.resolve(__dirname, '../..');

export function startServerProcess(env: Record<string, string>, options: { entry?: string; timeoutMs?: number } = {}): Promise<ServerProcess> {
  const { entry = 'bot/index.ts', timeoutMs = 60_000 } = options;
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', path.join(ROOT, entry)] : [path.join(ROOT, entry)];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let err = '';
  let buffered = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms\n${err}`));
    }, timeoutMs);
    child.stdout!.on('data', (d) => {
      buffered += d;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          logs.push(JSON.parse(line));
        } catch {
          logs.push({ text: line });
        }
        const last = logs[logs.length - 1];
        if (typeof last.message === 'string' && last.message.startsWith('Firstday is listening')) {
          clearTimeout(timer);
          const port = Number(last.port);
          resolve({
            child,
            port,
            baseUrl: `http://127.0.0.1:${port}`,
            logs,
            stderr: () => err,
            stop: (signal = 'SIGTERM') => {
              if (child.exitCode === null) child.kill(signal);
              return exited;
            },
          });
        }
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening\n${err}`));
    });
  });
}
