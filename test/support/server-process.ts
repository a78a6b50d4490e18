/** Runs the real server (`bot/index.ts`) as a child process, as `npm start` does, and reads its JSON log. */
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

export function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot/index.ts')], {
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
