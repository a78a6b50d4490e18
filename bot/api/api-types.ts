/**
 * What the tab's API answers, as types: the one module the tab imports from bot/api (a test holds it to that), so
 * the routes and the pages agree on every field and the tab never reaches into a route's code.
 */
export type { BaselineBandView, BaselineOpenResponse, BaselineView } from './figures/baseline-routes';
export type { CaseState, CrossingLine, GroupAttendance, PupilLine, SchoolAttendanceView } from './figures/school-attendance-view';
export type { ImportStatusView, LastImportView, SettingsView } from './settings-routes';
export type { CaseView, ChecklistLine } from './cases/case-view';
export type { CaseListResponse, CaseListRow, PupilSearchResponse } from './cases/case-routes';
export type { MeResponse } from './tab-api';
