/**
 * The way into Azure Table Storage: one TableClient per table, created on first use.
 * Tables are shared by every school; each row's PartitionKey starts with the school's URN.
 */
import { TableClient, TableServiceClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';

export type TableStoreOptions =
  | { connectionString: string; tablePrefix?: string }
  | { endpoint: string; credential: TokenCredential; tablePrefix?: string };

export class TableStore {
  private readonly clients = new Map<string, Promise<TableClient>>();

  constructor(private readonly options: TableStoreOptions) {}

  /** The client for a table, creating the table the first time it is asked for. */
  table(name: string): Promise<TableClient> {
    const full = `${this.options.tablePrefix ?? ''}${name}`;
    let client = this.clients.get(full);
    if (!client) {
      client = this.open(full);
      this.clients.set(full, client);
      client.catch(() => this.clients.delete(full));
    }
    return client;
  }

  /** Cheap reachability check for /readyz: lists one table. */
  async ping(): Promise<void> {
    const service = this.service();
    const iter = service.listTables().byPage({ maxPageSize: 1 });
    await iter.next();
  }

  private service(): TableServiceClient {
    const o = this.options;
    return 'connectionString' in o
      ? TableServiceClient.fromConnectionString(o.connectionString, { allowInsecureConnection: isLocal(o.connectionString) })
      : new TableServiceClient(o.endpoint, o.credential);
  }

  private async open(name: string): Promise<TableClient> {
    const o = this.options;
    const client =
      'connectionString' in o
        ? TableClient.fromConnectionString(o.connectionString, name, { allowInsecureConnection: isLocal(o.connectionString) })
        : new TableClient(o.endpoint, name, o.credential);
    await client.createTable();
    return client;
  }
}

function isLocal(connectionString: string): boolean {
  return /UseDevelopmentStorage=true|127\.0\.0\.1|localhost/i.test(connectionString);
}
