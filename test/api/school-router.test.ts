/** Routes by resource on one SchoolRouter: a method and path registered twice fails at start, not silently. */
import { caseRouter, type CaseRoutesOptions } from '../../bot/api/cases/case-routes';
import { DuplicateRouteError, SchoolRouter } from '../../bot/api/school-router';
import type { SchoolRouteOptions } from '../../bot/api/school-route';

// Nothing is called while routes are registered: the router only needs the shape of its options.
const options = {} as SchoolRouteOptions;
const ok = async () => ({ body: {} });

test('the same method and path twice throws, naming the route', () => {
  const router = new SchoolRouter(options).get('/cases/:upn', { action: 'a' }, ok);
  expect(() => router.get('/cases/:upn', { action: 'b' }, ok)).toThrow(DuplicateRouteError);
  expect(() => router.get('/cases/:upn', { action: 'b' }, ok)).toThrow('GET /cases/:upn is registered twice');
});

test('a parameter renamed is still the same route; another method or path is not', () => {
  const router = new SchoolRouter(options).put('/cases/:upn/carers/:id', { action: 'a' }, ok);
  expect(() => router.put('/cases/:pupil/carers/:carer', { action: 'b' }, ok)).toThrow('PUT /cases/:pupil/carers/:carer is registered twice');
  router.delete('/cases/:upn/carers/:id', { action: 'c' }, ok).put('/cases/:upn/carers', { action: 'd' }, ok);
  expect(router.routes).toEqual(['PUT /cases/:upn/carers/:id', 'DELETE /cases/:upn/carers/:id', 'PUT /cases/:upn/carers']);
});

test('the casework modules share one router and claim every route once', () => {
  const routes = caseRouter({} as CaseRoutesOptions).routes;
  expect(new Set(routes).size).toBe(routes.length);
  expect(routes).toEqual(expect.arrayContaining(['GET /cases', 'GET /attendance', 'GET /pupils', 'POST /cases/:upn/referral', 'PATCH /cases/:upn/meetings/:id/actions', 'GET /cases/:upn/audit']));
  expect(routes).toHaveLength(30);
});
