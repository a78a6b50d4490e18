/**
 * Schools in the deployment:
 *   POST /schools   { "urn": "123456", "name": "…" }   creates a school with the default settings: 201
 * For the service key (automation) and the trust's administrators. A URN that is not six digits is 400; one
 * that already exists is 409. Every attempt, refused or not, is audited against the URN given.
 */
import express from 'express';
import { createSchool } from '../schools/create-school';
import type { Repositories } from '../store/repositories';
import { HttpError, type Authenticate } from './caller';
import type { TrustAdmins } from './trust-admins';

export interface SchoolRoutesOptions {
  repos: Pick<Repositories, 'schools' | 'audit'>;
  authenticate: Authenticate;
  trustAdmins: TrustAdmins;
  now: () => Date;
}

export function schoolRoutes(options: SchoolRoutesOptions): express.Router {
  const router = express.Router();

  router.post('/schools', async (req, res, next) => {
    try {
      const caller = await options.authenticate(req);
      const source = `api ${req.ip ?? ''}`.trim();
      const body = (req.body ?? {}) as { urn?: unknown; name?: unknown };
      if (caller.via !== 'api-key' && !(await options.trustAdmins.isAdmin(caller))) {
        const urn = typeof body.urn === 'string' && /^\d{6}$/.test(body.urn) ? body.urn : 'trust';
        await options.repos.audit.record({ urn, at: options.now().toISOString(), actorId: caller.id, actorName: caller.name, action: 'school.create', source, outcome: 'denied', detail: 'not a trust administrator' });
        throw new HttpError(403, options.trustAdmins.configured ? `${caller.name} is not one of the trust's administrators, who create schools.` : "Schools are created with the service key: no trust administrators' group (TRUST_ADMIN_GROUP) is set up.");
      }
      const result = await createSchool(options.repos, body, { id: caller.id, name: caller.name, source }, options.now());
      switch (result.status) {
        case 'invalid':
          res.status(400).json({ error: result.errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors: result.errors });
          return;
        case 'exists':
          res.status(409).json({ error: `A school with URN ${result.urn} (${result.name}) is already in Firstday.` });
          return;
        case 'created':
          res.status(201).json({ urn: result.school.urn, name: result.school.name, school: result.school });
      }
    } catch (err) {
      next(err);
    }
  });

  return router;
}
