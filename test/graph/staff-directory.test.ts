import { GraphCallError } from '../../bot/graph/graph-call-error';
import { StaffDirectory } from '../../bot/graph/entra-staff';
import { GraphStandIn } from '../support/graph-stand-in';
import { captureLog, KHAN_ID, testGraph } from './graph-test-kit';

let graph: GraphStandIn;

beforeAll(async () => {
  graph = await new GraphStandIn().start();
  graph.addUser({ id: KHAN_ID, displayName: 'Sara Khan', userPrincipalName: 'S.Khan@castlehill.example', mail: 's.khan@castlehill.example', jobTitle: 'DSL' });
});
afterAll(() => graph.stop());
beforeEach(() => graph.requests.splice(0));

test("a UPN resolves to the Entra object id and display name, asking Graph only for those fields with the app's token", async () => {
  const { logger } = captureLog();
  const directory = new StaffDirectory({ graph: testGraph(graph.baseUrl, logger) });

  const user = await directory.resolve('s.khan@castlehill.example');

  expect(user).toEqual({ id: KHAN_ID, displayName: 'Sara Khan', userPrincipalName: 'S.Khan@castlehill.example' });
  expect(graph.requests).toHaveLength(1);
  expect(graph.requests[0]).toMatchObject({
    method: 'GET',
    path: '/v1.0/users/s.khan@castlehill.example',
    query: '$select=id,displayName,userPrincipalName',
    authorization: 'Bearer app-only-token-1',
  });
});

test('a resolved user is cached briefly: a second look-up inside the time to live costs no call, one after it does', async () => {
  let now = 1_000_000;
  const { logger } = captureLog();
  const directory = new StaffDirectory({ graph: testGraph(graph.baseUrl, logger), cacheTtlMs: 60_000, now: () => now });

  await directory.resolve('s.khan@castlehill.example');
  now += 59_000;
  await directory.resolve('S.KHAN@castlehill.example');
  expect(graph.requests).toHaveLength(1);

  now += 2_000;
  await directory.resolve('s.khan@castlehill.example');
  expect(graph.requests).toHaveLength(2);
});

test('a UPN the tenant does not know is a not-found GraphCallError, and it is not cached', async () => {
  const { logger, lines } = captureLog();
  const directory = new StaffDirectory({ graph: testGraph(graph.baseUrl, logger) });

  const err = await directory.resolve('nobody@castlehill.example').catch((e) => e);

  expect(err).toBeInstanceOf(GraphCallError);
  expect(err).toMatchObject({ reason: 'not-found', status: 404, code: 'Request_ResourceNotFound', operation: 'resolve staff' });
  expect(lines.some((l) => l.level === 'error' && /resolve staff failed \(not-found, HTTP 404\)/.test(l.message))).toBe(true);
  await directory.resolve('nobody@castlehill.example').catch(() => undefined);
  expect(graph.requests).toHaveLength(2);
});

test('something that is not a UPN is refused before any call', async () => {
  const { logger } = captureLog();
  const directory = new StaffDirectory({ graph: testGraph(graph.baseUrl, logger) });

  await expect(directory.resolve('Sara Khan')).rejects.toMatchObject({ reason: 'rejected', message: expect.stringContaining('"Sara Khan" is not a user principal name') });
  expect(graph.requests).toHaveLength(0);
});
