/**
 * Azurite's table service in a child process, in memory, so a benchmark's memory and CPU figures are its own
 * and Azurite's are read separately. Run as a script, this file is the child.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EmbeddedAzurite } from '../bot/store/embedded-azurite';

export interface AzuriteChild {
  connectionString: string;
  rss(): Promise<number>;
  cpu(): Promise<{ user: number; system: number }>;
  stop(): Promise<void>;
}

export function startAzuriteChild(): Promise<AzuriteChild> {
  // The child inherits this process's `--import tsx`, so it can run this TypeScript file.
  const child: ChildProcess = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type: string; value: T }) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        resolve(m.value);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`Azurite child exited with ${code}`)));
    });
  const ask = <T>(type: string) => {
    child.send({ type });
    return next<T>(type);
  };
  return next<string>('ready').then((connectionString) => ({
    connectionString,
    rss: () => ask<number>('rss'),
    cpu: () => ask<{ user: number; system: number }>('cpu'),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  }));
}

function runChild(): void {
  const azurite = new EmbeddedAzurite();
  azurite.start().then(() => process.send!({ type: 'ready', value: azurite.connectionString }));
  process.on('message', (m: { type: string }) => {
    if (m.type === 'rss') process.send!({ type: 'rss', value: process.memoryUsage().rss });
    if (m.type === 'cpu') process.send!({ type: 'cpu', value: process.cpuUsage() });
    if (m.type === 'stop') void azurite.stop().then(() => process.exit(0));
  });
}

if (require.main === module) runChild();
