import { GraphApi } from '../../bot/graph/graph-api';
import { RoleResolver } from '../../bot/graph/role-resolver';
import { GraphStandIn } from '../support/graph-stand-in';
import { captureLog, DSL_GROUP, HOY_GROUP, KHAN_ID, testGraph, testSchool } from './graph-test-kit';

let graph: GraphStandIn;
const group = (id: string) => ({ id, '@odata.type': '#microsoft.graph.group' as const });

beforeAll(async () => {
  graph = await new GraphStandIn().start();
  // Sara Khan is in the DSL group only through a nested group; Graph lists it among her transitive memberships, last.
  graph.addUser({ id: KHAN_ID, displayName: 'Sara Khan', userPrincipalName: 's.khan@castlehill.example' }, [
    group('0000000a-0000-4000-8000-000000000001'),
    { id: '62e90394-69f5-4237-9190-012177145e10', '@odata.type': '#microsoft.graph.directoryRole' },
    group('0000000a-0000-4000-8000-000000000003'),
    group(DSL_GROUP.toUpperCase()),
  ]);
  graph.addUser({ id: '11111111-2222-4333-8444-555555555555', displayName: 'Jay Patel', userPrincipalName: 'j.patel@castlehill.example' }, [group(HOY_GROUP)]);
});
afterAll(() => graph.stop());
beforeEach(() => {
  graph.requests.splice(0);
  graph.pageSize = 100;
});

test('a role comes from an Entra group found on the second page of transitive memberships, added to the staff-list roles', async () => {
  graph.pageSize = 2;
  const { logger } = captureLog();
  const roles = new RoleResolver({ graph: testGraph(graph.baseUrl, logger), logger });

  expect(await roles.rolesFor(testSchool(), { aadObjectId: KHAN_ID, upn: 's.khan@castlehill.example' })).toEqual(['dsl', 'staff']);

  const calls = graph.requestsTo('/transitiveMemberOf');
  expect(calls).toHaveLength(2);
  expect(calls[0].path).toBe(`/v1.0/users/${KHAN_ID}/transitiveMemberOf`);
  expect(calls[0].query).toBe('$select=id&$top=999');
  expect(calls[1].query).toMatch(/\$skiptoken=/);
  expect(calls.every((c) => c.authorization === 'Bearer app-only-token-1')).toBe(true);
});

test('without the group on any page the role is not given', async () => {
  graph.pageSize = 3;
  const { logger } = captureLog();
  const roles = new RoleResolver({ graph: testGraph(graph.baseUrl, logger), logger });
  const school = testSchool({ roleGroups: { 'head-of-year': HOY_GROUP } });

  expect(await roles.rolesFor(school, { aadObjectId: KHAN_ID })).toEqual([]);
  expect(await roles.rolesFor(school, { upn: 'j.patel@castlehill.example' })).toEqual(['attendance-officer', 'head-of-year']);
  expect(graph.requestsTo('/transitiveMemberOf').map((r) => r.path)).toContain('/v1.0/users/j.patel@castlehill.example/transitiveMemberOf');
});

test('memberships are cached briefly per user', async () => {
  let now = 0;
  const { logger } = captureLog();
  const roles = new RoleResolver({ graph: testGraph(graph.baseUrl, logger), logger, cacheTtlMs: 30_000, now: () => now });

  await roles.rolesFor(testSchool(), { aadObjectId: KHAN_ID });
  now += 10_000;
  await roles.rolesFor(testSchool(), { aadObjectId: KHAN_ID });
  expect(graph.requestsTo('/transitiveMemberOf')).toHaveLength(1);
  now += 30_000;
  await roles.rolesFor(testSchool(), { aadObjectId: KHAN_ID });
  expect(graph.requestsTo('/transitiveMemberOf')).toHaveLength(2);
});

test('a school with no role groups is answered from its staff list without calling Graph', async () => {
  const { logger } = captureLog();
  const roles = new RoleResolver({ graph: testGraph(graph.baseUrl, logger), logger });

  expect(await roles.rolesFor(testSchool({ roleGroups: {} }), { upn: 'J.Patel@castlehill.example' })).toEqual(['attendance-officer']);
  expect(graph.requests).toHaveLength(0);
});

test('when Graph keeps failing, the staff list decides and the log says why', async () => {
  graph.failNext(2, 503);
  const { logger, lines } = captureLog();
  const roles = new RoleResolver({ graph: testGraph(graph.baseUrl, logger, { retry: { delaySeconds: 0.01, maxRetries: 1 } }), logger });

  expect(await roles.rolesFor(testSchool(), { aadObjectId: '11111111-2222-4333-8444-555555555555' })).toEqual(['attendance-officer']);

  expect(graph.requests.map((r) => r.status)).toEqual([503, 503]);
  const fallback = lines.find((l) => /staff list only/.test(l.message));
  expect(fallback).toMatchObject({ level: 'warn', urn: '100001', reason: 'server-error', status: 503 });
});

test('with Graph switched off (no app credentials) the staff list decides, quietly', async () => {
  const { logger, lines } = captureLog();
  const off = new GraphApi({ baseUrl: graph.baseUrl, logger, notConfigured: 'no MicrosoftAppId is set' });
  const roles = new RoleResolver({ graph: off, logger });

  expect(await roles.rolesFor(testSchool(), { upn: 'j.patel@castlehill.example' })).toEqual(['attendance-officer']);
  expect(graph.requests).toHaveLength(0);
  expect(lines).toEqual([]);
});
