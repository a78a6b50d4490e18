/**
 * The tab's API, mounted at /api: who am I (/me), the development sign-in's staff picker (/dev/staff,
 * only when allowed), and under /schools/:urn the casework routes and the school's attendance view.
 */
import express from 'express';
import type { Logger } from '../platform/logger';
import { FiguresRepository } from '../store/figures-repository';
import type { Repositories } from '../store/repositories';
import { HttpError, type Authenticate } from './caller';
import { StoredCaseAttendance, type CaseAttendanceSource } from './cases/case-attendance-source';
import { caseRoutes } from './cases/case-routes';
import { isDirectLoopback } from './dev-sign-in';
import { baselineRoutes } from './figures/baseline-routes';
import { settingsRoutes } from './settings-routes';
import { staffAccessFor, staffListRoles, type StaffRoleSource } from './staff-access';
import type { TrustAdmins } from './trust-admins';

export interface TabApiOptions {
  repos: Repositories;
  authenticate: Authenticate;
  logger: Logger;
  devSignIn: boolean;
  /** Roles at a school; the staff list by default, the Graph RoleResolver where Entra groups are set up. */
  roles?: StaffRoleSource;
  attendance?: CaseAttendanceSource;
  /** The trust's administrators, who may also open a school's baseline cases and change any school's settings. */
  trustAdmins?: TrustAdmins;
  now?: () => Date;
}

export interface MeResponse {
  name: string;
  upn?: string;
  via: string;
  schools: { urn: string; name: string; roles: string[]; yearGroups: number[] }[];
  /** One of the trust's administrators: they may open any school's settings. */
  trustAdmin?: boolean;
  /** For a trust administrator, every school in Firstday. */
  allSchools?: { urn: string; name: string }[];
}

export function tabApi(options: TabApiOptions): express.Router {
  const roles = options.roles ?? staffListRoles;
  const router = express.Router();

  router.get('/me', async (req, res, next) => {
    try {
      const caller = await options.authenticate(req);
      const schools: MeResponse['schools'] = [];
      const all = await options.repos.schools.list();
      for (const school of all) {
        const access = await staffAccessFor(school, caller, roles);
        if (access) schools.push({ urn: school.urn, name: school.name, roles: access.roles, yearGroups: access.yearGroups });
      }
      // Graph being unreachable should not stop anyone signing in: they are simply not shown as an administrator.
      const trustAdmin = Boolean(options.trustAdmins && (await options.trustAdmins.isAdmin(caller).catch(() => false)));
      const body: MeResponse = { name: caller.name, upn: caller.upn, via: caller.via, schools, ...(trustAdmin ? { trustAdmin, allSchools: all.map((s) => ({ urn: s.urn, name: s.name })) } : {}) };
      res.json(body);
    } catch (err) {
      next(err);
    }
  });

  router.get('/dev/staff', async (req, res, next) => {
    try {
      if (!options.devSignIn || !isDirectLoopback(req)) throw new HttpError(404, 'The development sign-in is not available here.');
      const schools = await options.repos.schools.list();
      res.json({
        schools: schools.map((s) => ({
          urn: s.urn,
          name: s.name,
          staff: s.staff.map((m) => ({ upn: m.upn, displayName: m.displayName, roles: m.roles, yearGroups: m.yearGroups ?? [] })),
        })),
      });
    } catch (err) {
      next(err);
    }
  });

  const figures = new FiguresRepository({ store: options.repos.store });
  router.use('/schools/:urn', settingsRoutes({ repos: options.repos, authenticate: options.authenticate, roles, logger: options.logger, trustAdmins: options.trustAdmins, now: options.now }));
  router.use('/schools/:urn', baselineRoutes({ repos: options.repos, authenticate: options.authenticate, roles, figures, logger: options.logger, trustAdmins: options.trustAdmins, now: options.now }));
  router.use(
    '/schools/:urn',
    caseRoutes({
      repos: options.repos,
      authenticate: options.authenticate,
      roles,
      attendance: options.attendance ?? new StoredCaseAttendance({ figures, marks: options.repos.marks, pupils: options.repos.pupils }),
      figures,
      logger: options.logger,
      now: options.now,
    }),
  );
  return router;
}
