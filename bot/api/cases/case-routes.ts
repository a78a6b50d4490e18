/**
 * The case tab's API under /api/schools/:urn: one router of small modules by resource, each route signed
 * in, resolved to the caller's roles at the school, checked, and audited by schoolRoute (reads, changes and
 * refusals alike). The rules for changing a case are the domain's (case-changes.ts); the modules read the
 * input, check who may, and let CaseWriter apply the rule in the case's transaction.
 */
import type express from 'express';
import type { Logger } from '../../platform/logger';
import type { FiguresRepository } from '../../store/figures-repository';
import type { Repositories } from '../../store/repositories';
import type { Authenticate } from '../caller';
import { SchoolRouter } from '../school-router';
import type { StaffRoleSource } from '../staff-access';
import { auditRoutes } from './audit-routes';
import type { CaseAttendanceSource } from './case-attendance-source';
import { caseListRoutes } from './case-list-routes';
import { caseRecordRoutes } from './case-record-routes';
import { caseErrors, CaseWriter } from './case-writer';
import { checklistRoutes } from './checklist-routes';
import { chronologyRoutes } from './chronology-routes';
import { familyRoutes } from './family-routes';
import { meetingRoutes } from './meeting-routes';
import { schoolAttendanceRoutes } from './school-attendance-routes';
import { voiceRoutes } from './voice-routes';

export type { CaseListResponse, CaseListRow, PupilSearchResponse } from './case-list-routes';

export interface CaseRoutesOptions {
  repos: Repositories;
  authenticate: Authenticate;
  roles: StaffRoleSource;
  attendance: CaseAttendanceSource;
  /** The statistics' stored figures, for the school's attendance view. */
  figures: FiguresRepository;
  logger: Logger;
  now?: () => Date;
}

/** Every casework route on one SchoolRouter, so a path claimed by two modules fails at start. */
export function caseRouter(options: CaseRoutesOptions): SchoolRouter {
  const { repos, attendance, figures } = options;
  const router = new SchoolRouter({ repos, authenticate: options.authenticate, roles: options.roles, logger: options.logger, now: options.now, errors: caseErrors });
  const cases = new CaseWriter({ repos, attendance });
  caseListRoutes(router, { repos, attendance });
  schoolAttendanceRoutes(router, { repos, figures });
  caseRecordRoutes(router, { cases, repos });
  meetingRoutes(router, { cases });
  voiceRoutes(router, { cases });
  familyRoutes(router, { cases });
  checklistRoutes(router, { cases });
  chronologyRoutes(router, { cases, repos });
  auditRoutes(router, { cases, repos });
  return router;
}

export function caseRoutes(options: CaseRoutesOptions): express.Router {
  return caseRouter(options).router;
}
