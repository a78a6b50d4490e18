import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedAzurite } from '../../bot/store/embedded-azurite';
import { createRepositories } from '../../bot/store/repositories';
import { TableStore } from '../../bot/store/table-store';
import { startServerProcess } from '../support/server-process';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-server-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('npm start on an empty store: storage created, demo school seeded, health answered, clean stop; a restart keeps the data', async () => {
  const server = await startServerProcess({ FIRSTDAY_DATA_DIR: dataDir });
  const health = await fetch(`${server.baseUrl}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
  const seeded = server.logs.find((l) => typeof l.message === 'string' && l.message.startsWith('Seeded the demo school'));
  expect(seeded).toMatchObject({ urn: '100001' });
  expect(Number(seeded!.pupils)).toBeGreaterThan(1000);

  expect(await server.stop('SIGTERM')).toBe(0);
  expect(server.logs.some((l) => l.message === 'stopped cleanly')).toBe(true);

  // The data are on disk: Azurite opened on the same folder finds the school and its pupils.
  const azurite = new EmbeddedAzurite({ location: path.join(dataDir, 'azurite') });
  await azurite.start();
  try {
    const repos = createRepositories(new TableStore({ connectionString: azurite.connectionString }));
    const schools = await repos.schools.list();
    expect(schools.map((s) => s.urn)).toEqual(['100001']);
    expect((await repos.pupils.list('100001')).length).toBe(Number(seeded!.pupils));
  } finally {
    await azurite.stop();
  }

  // A second start finds the school already there and does not seed again.
  const again = await startServerProcess({ FIRSTDAY_DATA_DIR: dataDir });
  expect(again.logs.some((l) => typeof l.message === 'string' && l.message.startsWith('Seeded'))).toBe(false);
  expect(await again.stop('SIGINT')).toBe(0);
});

test('a bad setting stops the server before it listens, naming the setting', async () => {
  await expect(startServerProcess({ FIRSTDAY_DATA_DIR: dataDir, HOST: '0.0.0.0' })).rejects.toThrow(/exited with 2[\s\S]*HOST is "0\.0\.0\.0" but MicrosoftAppId is not set/);
});

test('anonymous local mode accepts a Bot Framework activity on /api/messages', async () => {
  const server = await startServerProcess({ FIRSTDAY_DATA_DIR: dataDir, SEED_DEMO: 'false' });
  try {
    const res = await fetch(`${server.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'typing', id: '1', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', from: { id: 'u1' }, recipient: { id: 'bot' }, conversation: { id: 'c1' } }),
    });
    expect(res.status).toBeLessThan(300);
  } finally {
    await server.stop();
  }
});
