/**
 * Azurite's table service, run inside this process: the local stand-in for Azure Table Storage when
 * no connection string is set (data kept under .data/), and the storage every test runs against
 * (in memory, on a free port). Azurite's telemetry is never started: only its TableServer is used.
 */
import fs from 'node:fs';
import path from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const TableServer = require('azurite/dist/src/table/TableServer').default;
const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;

const ACCOUNT = 'devstoreaccount1';
// Azurite's well-known development key: public, and accepted only by the emulator.
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface EmbeddedAzuriteOptions {
  /** Folder for the data; omitted, the data live in memory and vanish on stop. */
  location?: string;
  /** 0 picks a free port. */
  port?: number;
}

/**
 * Another live process has this folder's storage open: two Azurites on one folder each keep their own copy in
 * memory and the last to save wins, so what one of them writes is lost. `url` is where that process serves, if
 * it is a Firstday server that said so.
 */
export class StorageInUseError extends Error {
  constructor(readonly pid: number, readonly url: string | undefined, readonly location: string) {
    super(`The embedded storage in ${location} is in use by another process (pid ${pid}${url ? `, the Firstday server at ${url}` : ''}).`);
    this.name = 'StorageInUseError';
  }
}

interface LockFile {
  pid: number;
  url?: string;
  since: string;
}

const LOCK = 'firstday.lock';

export class EmbeddedAzurite {
  private lockPath: string | undefined;
  private server: { start(): Promise<void>; close(): Promise<void>; clean(): Promise<void>; getHttpServerAddress(): string } | undefined;
  private boundPort = 0;

  constructor(private readonly options: EmbeddedAzuriteOptions = {}) {}

  async start(): Promise<void> {
    const { location, port = 0 } = this.options;
    if (location) {
      fs.mkdirSync(location, { recursive: true });
      this.lock(location);
    }
    const config = new TableConfiguration(
      '127.0.0.1',
      port,
      undefined,
      location ? path.join(location, '__azurite_db_table__.json') : undefined,
      false, // debug log
      false, // access log
      undefined,
      undefined,
      false, // loose
      false, // skip api version check
      '',
      '',
      '',
      undefined,
      false,
      !location, // in-memory persistence
    );
    this.server = new TableServer(config);
    try {
      await this.server!.start();
    } catch (err) {
      this.unlock();
      throw err;
    }
    const address = this.server!.getHttpServerAddress();
    this.boundPort = Number(new URL(address).port);
  }

  /** Says in the lock where this process serves, so that a command line run beside it can send its work there. */
  announce(url: string): void {
    if (!this.lockPath) return;
    const held: LockFile = { ...(JSON.parse(fs.readFileSync(this.lockPath, 'utf8')) as LockFile), url };
    fs.writeFileSync(this.lockPath, JSON.stringify(held));
  }

  /**
   * Takes the folder for this process, whatever the machine's speed: the lock file is created exclusively, and a
   * lock left by a process that has died is taken over.
   */
  private lock(location: string): void {
    const file = path.join(location, LOCK);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify({ pid: process.pid, since: new Date().toISOString() } satisfies LockFile), { flag: 'wx' });
        this.lockPath = file;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      let held: LockFile | undefined;
      try {
        held = JSON.parse(fs.readFileSync(file, 'utf8')) as LockFile;
      } catch {
        held = undefined; // written half-way by a process that died, or being written now: look again
      }
      if (held && held.pid !== process.pid && alive(held.pid)) throw new StorageInUseError(held.pid, held.url, location);
      if (held || attempt > 0) fs.rmSync(file, { force: true });
    }
    throw new Error(`Could not take the lock on the embedded storage in ${location}: another process keeps taking it.`);
  }

  private unlock(): void {
    if (this.lockPath) fs.rmSync(this.lockPath, { force: true });
    this.lockPath = undefined;
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    if (!this.server) throw new Error('Azurite has not been started');
    return `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};TableEndpoint=http://127.0.0.1:${this.boundPort}/${ACCOUNT};`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await server.close();
    this.unlock();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
