/** Each suite gets its own Azurite table service in memory on a free port: real storage, no shared state. */
import { EmbeddedAzurite } from '../../bot/store/embedded-azurite';
import { TableStore } from '../../bot/store/table-store';
import { createRepositories, type Repositories } from '../../bot/store/repositories';

export interface TestStorage {
  azurite: EmbeddedAzurite;
  store: TableStore;
  repos: Repositories;
  connectionString: string;
}

export async function startTestStorage(): Promise<TestStorage> {
  const azurite = new EmbeddedAzurite();
  await azurite.start();
  const store = new TableStore({ connectionString: azurite.connectionString });
  return { azurite, store, repos: createRepositories(store), connectionString: azurite.connectionString };
}
