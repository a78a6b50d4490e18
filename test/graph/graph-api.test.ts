import http from 'node:http';
import { GraphCallError } from '../../bot/graph/graph-call-error';
import { RoleResolver } from '../../bot/graph/role-resolver';
import { StaffDirectory } from '../../bot/graph/entra-staff';
import { GraphStandIn } from '../support/graph-stand-in';
import { captureLog, KHAN_ID, testCredential, testGraph, testSchool } from './graph-test-kit';

let graph: GraphStandIn;

beforeAll(async () => {
  graph = await new GraphStandIn().start();
  graph.addUser({ id: KHAN_ID, displayName: 'Sara Khan', userPrincipalName: 's.khan@castlehill.example' });
});
afterAll(() => graph.stop());
beforeEach(() => graph.requests.splice(0));

test('a 429 is retried after the Retry-After Graph sent, and the call then succeeds', async () => {
  graph.throttleNext(1, 1);
  const { logger, lines } = captureLog();
  const directory = new StaffDirectory({ graph: testGraph(graph.baseUrl, logger) });

  const user = await directory.resolve('s.khan@castlehill.example');

  expect(user.id).toBe(KHAN_ID);
  const [first, second] = graph.requests;
  expect([first.status, second.status]).toEqual([429, 200]);
  expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
  // It waited because Graph asked, and for what Graph asked (not a back-off of its own).
  expect(lines.some((l) => /retry 1 after the 1s it asked for/.test(l.message))).toBe(true);
  expect(second.retryAttempt).toBe('1');
  expect(second.authorization).toBe('Bearer app-only-token-1');
  expect(lines.find((l) => l.status === 429)).toMatchObject({ level: 'info', retryAfterSeconds: 1, attempt: 1 });
});

test('a 503 is retried and the call then succeeds', async () => {
  graph.failNext(1, 503);
  const { logger } = captureLog();
  const directory = new StaffDirectory({ graph: testGraph(graph.baseUrl, logger) });

  expect((await directory.resolve('s.khan@castlehill.example')).displayName).toBe('Sara Khan');
  expect(graph.requests.map((r) => r.status)).toEqual([503, 200]);
});

test('throttled past the retries allowed: a typed throttled error and a log line, no crash', async () => {
  graph.throttleNext(3, 0);
  const { logger, lines } = captureLog();
  const directory = new StaffDirectory({ graph: testGraph(graph.baseUrl, logger, { retry: { maxRetries: 2, delaySeconds: 0.01 } }) });

  const err = await directory.resolve('s.khan@castlehill.example').catch((e) => e);

  expect(err).toBeInstanceOf(GraphCallError);
  expect(err).toMatchObject({ reason: 'throttled', status: 429, transient: true });
  expect(graph.requests).toHaveLength(3);
  expect(lines.some((l) => l.level === 'warn' && /resolve staff failed \(throttled, HTTP 429\)/.test(l.message))).toBe(true);
});

test('a Retry-After longer than Firstday will wait is not sat out: the caller gets throttled at once', async () => {
  graph.throttleNext(1, 120);
  const { logger, lines } = captureLog();
  const directory = new StaffDirectory({ graph: testGraph(graph.baseUrl, logger, { retry: { maxRetryAfterSeconds: 30 } }) });

  await expect(directory.resolve('s.khan@castlehill.example')).rejects.toMatchObject({ reason: 'throttled' });

  // One request and no retry: the caller was answered at once, not after two minutes (the test would time out).
  expect(graph.requests).toHaveLength(1);
  expect(lines.some((l) => /wait 120s.*so not retrying/.test(l.message))).toBe(true);
  expect(lines.some((l) => /retry \d/.test(l.message))).toBe(false);
});

test('a refused permission is a forbidden error, logged as an error to fix', async () => {
  graph.failNext(1, 403);
  const { logger, lines } = captureLog();
  const directory = new StaffDirectory({ graph: testGraph(graph.baseUrl, logger) });

  await expect(directory.resolve('s.khan@castlehill.example')).rejects.toMatchObject({ reason: 'forbidden', status: 403, transient: false });
  expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);
});

test('the app-only token is asked for with the Graph .default scope', async () => {
  const credential = testCredential('token-from-credential');
  const { logger } = captureLog();
  await new StaffDirectory({ graph: testGraph(graph.baseUrl, logger, { credential }) }).resolve('s.khan@castlehill.example');

  expect(credential.calls).toEqual([['https://graph.microsoft.com/.default']]);
  expect(graph.requests[0].authorization).toBe('Bearer token-from-credential');
});

describe('Graph unreachable (nothing listening)', () => {
  let closedUrl: string;

  beforeAll(async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('resolving staff fails with a typed unreachable error naming the cause, and a clear log line', async () => {
    const { logger, lines } = captureLog();
    const directory = new StaffDirectory({ graph: testGraph(closedUrl, logger) });

    const err = await directory.resolve('s.khan@castlehill.example').catch((e) => e);

    expect(err).toBeInstanceOf(GraphCallError);
    expect(err).toMatchObject({ reason: 'unreachable', status: undefined, transient: true });
    expect(err.message).toContain('ECONNREFUSED');
    const line = lines.find((l) => l.level === 'warn' && l.operation === 'resolve staff');
    expect(line?.message).toMatch(/^Microsoft Graph: resolve staff failed \(unreachable\): no answer from http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  test("roles fall back to the school's staff list", async () => {
    const { logger, lines } = captureLog();
    const roles = new RoleResolver({ graph: testGraph(closedUrl, logger), logger });

    expect(await roles.rolesFor(testSchool(), { upn: 'j.patel@castlehill.example' })).toEqual(['attendance-officer']);
    expect(lines.find((l) => /staff list only/.test(l.message))).toMatchObject({ level: 'warn', reason: 'unreachable' });
  });
});

test('a Graph that accepts the connection but never answers is cut off at the attempt deadline', async () => {
  const silent = http.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  const { logger } = captureLog();
  try {
    const directory = new StaffDirectory({ graph: testGraph(url, logger, { attemptTimeoutMs: 300 }) });
    await expect(directory.resolve('s.khan@castlehill.example')).rejects.toMatchObject({ reason: 'unreachable', message: expect.stringContaining('no answer within 300 ms') });
  } finally {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
