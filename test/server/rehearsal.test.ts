/**
 * Rehearsing a day: with REHEARSAL_START the server's one clock starts at that local time, so what it records
 * (here, the audit of a school it creates) and what its jobs see is that day, not the machine's.
 */
import { loadConfig } from '../../bot/platform/config';
import { JsonLogger } from '../../bot/platform/logger';
import { FirstdayServer } from '../../bot/server';
import { startTestStorage } from '../support/azurite';

test('the server works on the rehearsed day: Monday 23 November at 09:25', async () => {
  const storage = await startTestStorage();
  const key = 'rehearsal-key-0123456789abcdefghijklmn';
  const server = new FirstdayServer({
    config: loadConfig({ PORT: '0', TABLES_CONNECTION_STRING: storage.connectionString, FIRSTDAY_API_KEY: key, REHEARSAL_START: '2026-11-23 09:25' }),
    logger: new JsonLogger({ write: () => undefined }),
  });
  try {
    const { port } = await server.start();
    const res = await fetch(`http://127.0.0.1:${port}/api/schools`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ urn: '160001', name: 'Rehearsal School' }),
    });
    expect(res.status).toBe(201);
    const [created] = await storage.repos.audit.recent('160001', 1);
    // The clock runs on from the rehearsed start: a few seconds at most have passed.
    expect(created.at.slice(0, 15)).toBe('2026-11-23T09:2');
  } finally {
    await server.stop();
    await storage.azurite.stop();
  }
});
