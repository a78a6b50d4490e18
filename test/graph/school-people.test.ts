import { GraphApi } from '../../bot/graph/graph-api';
import { SchoolPeople } from '../../bot/graph/school-people';
import { GraphStandIn } from '../support/graph-stand-in';
import { captureLog, DSL_GROUP, HOY_GROUP, KHAN_ID, testGraph, testSchool } from './graph-test-kit';

const PATEL_ID = '11111111-2222-4333-8444-555555555555';
const OBI_ID = '22222222-3333-4444-8555-666666666666';
const LEE_ID = '33333333-4444-4555-8666-777777777777';
let graph: GraphStandIn;

beforeAll(async () => {
  graph = await new GraphStandIn().start();
  graph.addUser({ id: KHAN_ID, displayName: 'Sara Khan', userPrincipalName: 's.khan@castlehill.example' });
  graph.addUser({ id: PATEL_ID, displayName: 'Jay Patel', userPrincipalName: 'j.patel@castlehill.example' });
  graph.addUser({ id: OBI_ID, displayName: 'Ada Obi', userPrincipalName: 'a.obi@castlehill.example' });
  graph.addUser({ id: LEE_ID, displayName: 'Tom Lee', userPrincipalName: 't.lee@castlehill.example' });
  graph.addToGroup(DSL_GROUP, KHAN_ID, OBI_ID, LEE_ID);
  graph.addToGroup(HOY_GROUP, PATEL_ID);
});
afterAll(() => graph.stop());
beforeEach(() => {
  graph.requests.splice(0);
  graph.pageSize = 100;
});

test("a role's holders are the staff list's plus the group's transitive members, read page by page; list entries keep their details", async () => {
  graph.pageSize = 2;
  const { logger } = captureLog();
  const people = new SchoolPeople({ graph: testGraph(graph.baseUrl, logger), logger });
  const school = testSchool({
    staff: [
      { upn: 'S.Khan@castlehill.example', displayName: 'Sara Khan', title: 'Ms Khan', roles: ['staff'] },
      { upn: 'r.ade@castlehill.example', displayName: 'Rita Ade', roles: ['dsl'] },
      { upn: 'j.patel@castlehill.example', aadObjectId: PATEL_ID, displayName: 'Jay Patel', roles: ['attendance-officer'], yearGroups: [9] },
      // The same UPN bound to another person: the group's Tom Lee is not this entry.
      { upn: 't.lee@castlehill.example', aadObjectId: 'ffffffff-0000-4000-8000-000000000000', displayName: 'Old Tom Lee', roles: ['staff'] },
    ],
  });

  const dsls = await people.withRole(school, 'dsl');
  expect(dsls).toEqual([
    { upn: 'r.ade@castlehill.example', displayName: 'Rita Ade', roles: ['dsl'] },
    { upn: 'S.Khan@castlehill.example', aadObjectId: KHAN_ID, displayName: 'Sara Khan', title: 'Ms Khan', roles: ['staff', 'dsl'] },
    { upn: 'a.obi@castlehill.example', aadObjectId: OBI_ID, displayName: 'Ada Obi', roles: ['dsl'] },
  ]);
  const calls = graph.requestsTo('/transitiveMembers/microsoft.graph.user');
  expect(calls).toHaveLength(2);
  expect(calls[0].path).toBe(`/v1.0/groups/${DSL_GROUP}/transitiveMembers/microsoft.graph.user`);
  expect(calls[0].query).toBe('$select=id,displayName,userPrincipalName&$top=999');

  // A head of year by group keeps the year groups of their list entry.
  expect(await people.withRole(school, 'head-of-year')).toEqual([
    { upn: 'j.patel@castlehill.example', aadObjectId: PATEL_ID, displayName: 'Jay Patel', roles: ['attendance-officer', 'head-of-year'], yearGroups: [9] },
  ]);
  // A role with no group is the list alone, with no call.
  graph.requests.splice(0);
  expect(await people.withRole(school, 'attendance-officer')).toHaveLength(1);
  expect(graph.requests).toEqual([]);
});

test('when Graph cannot answer, the staff list alone decides and the log says so; with Graph off, quietly', async () => {
  const { logger, lines } = captureLog();
  const people = new SchoolPeople({ graph: testGraph(graph.baseUrl, logger, { retry: { maxRetries: 0 } }), logger });
  const school = testSchool({ staff: [{ upn: 'r.ade@castlehill.example', displayName: 'Rita Ade', roles: ['dsl'] }] });
  graph.failNext(1, 503);
  expect((await people.withRole(school, 'dsl')).map((s) => s.upn)).toEqual(['r.ade@castlehill.example']);
  expect(lines.some((l) => l.level === 'warn' && l.message.startsWith('Holders of the dsl role at school 100001 come from the staff list only'))).toBe(true);

  const off = captureLog();
  const offline = new SchoolPeople({ graph: new GraphApi({ baseUrl: graph.baseUrl, logger: off.logger, notConfigured: 'no app id' }), logger: off.logger });
  expect((await offline.withRole(school, 'dsl')).map((s) => s.upn)).toEqual(['r.ade@castlehill.example']);
  expect(off.lines.filter((l) => l.message.startsWith('Holders of'))).toEqual([]);
});
