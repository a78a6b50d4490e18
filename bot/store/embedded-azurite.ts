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

export class EmbeddedAzurite {
  private server: { start(): Promise<void>; close(): Promise<void>; clean(): Promise<void>; getHttpServerAddress(): string } | undefined;
  private boundPort = 0;

  constructor(private readonly options: EmbeddedAzuriteOptions = {}) {}

  async start(): Promise<void> {
    const { location, port = 0 } = this.options;
    if (location) fs.mkdirSync(location, { recursive: true });
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
    await this.server!.start();
    const address = this.server!.getHttpServerAddress();
    this.boundPort = Number(new URL(address).port);
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
  }
}
