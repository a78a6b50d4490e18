/** Shared set-up for the Graph suites: a stand-in, a captured log, a test token source, a school. */
import type { TokenCredential } from '@azure/core-auth';
import { JsonLogger } from '../../bot/platform/logger';
import type { School } from '../../bot/domain/school';
import { GraphApi, type GraphApiOptions } from '../../bot/graph/graph-api';

export interface LogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

export function captureLog(): { logger: JsonLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { logger: new JsonLogger({ write: (l) => lines.push(JSON.parse(l)) }), lines };
}

/** Stands in for ClientSecretCredential / ManagedIdentityCredential: hands out a fixed app-only token. */
export function testCredential(token = 'app-only-token-1'): TokenCredential & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async getToken(scopes) {
      calls.push(Array.isArray(scopes) ? scopes : [scopes]);
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

export function testGraph(baseUrl: string, logger: JsonLogger, extra: Partial<Extract<GraphApiOptions, { credential: unknown }>> = {}): GraphApi {
  return new GraphApi({ baseUrl, logger, credential: testCredential(), retry: { delaySeconds: 0.05, maxRetries: 3 }, attemptTimeoutMs: 5000, ...extra });
}

export const KHAN_ID = '6e7b768e-07e2-4810-8459-485f84f8f204';
export const DSL_GROUP = 'a1b2c3d4-0000-4000-8000-00000000d51e';
export const HOY_GROUP = 'a1b2c3d4-0000-4000-8000-000000000e01';

export function testSchool(overrides: Partial<School> = {}): School {
  return {
    urn: '100001',
    name: 'Castle Hill Academy',
    timeZone: 'Europe/London',
    registerCloseTime: '09:10',
    afternoonRegisterCloseTime: '13:40',
    notifyByTime: '08:30',
    staff: [
      { upn: 's.khan@castlehill.example', displayName: 'Sara Khan', roles: ['staff'] },
      { upn: 'j.patel@castlehill.example', aadObjectId: '11111111-2222-4333-8444-555555555555', displayName: 'Jay Patel', roles: ['attendance-officer'] },
    ],
    roleGroups: { dsl: DSL_GROUP, 'head-of-year': HOY_GROUP },
    bands: [],
    terms: [{ name: 'Autumn', start: '2025-09-03', end: '2025-12-19' }],
    closures: [],
    reviewBeforePosting: false,
    concernAcknowledgeMinutes: 10,
    ...overrides,
  };
}
