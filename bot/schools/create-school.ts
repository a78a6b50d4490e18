/**
 * Creating a school: the one way a school comes into Firstday, for the trust's administrators (over the API),
 * automation with the service key, the command line, and the demo. The school starts with the defaults of
 * `newSchool`; its staff, calendar and data follow by import, and its lead adjusts the rest in Settings.
 */
import { newSchool, newSchoolProblems, type School } from '../domain/school';
import { AlreadyExistsError } from '../store/errors';
import type { Repositories } from '../store/repositories';

export interface SchoolCreator {
  id: string;
  name: string;
  /** "api 127.0.0.1", "cli host", "demo". */
  source: string;
}

export type CreateSchoolResult =
  | { status: 'created'; school: School }
  | { status: 'invalid'; errors: { field: 'urn' | 'name'; message: string }[] }
  | { status: 'exists'; urn: string; name: string };

export async function createSchool(repos: Pick<Repositories, 'schools' | 'audit'>, input: { urn?: unknown; name?: unknown }, by: SchoolCreator, now: Date): Promise<CreateSchoolResult> {
  const errors = newSchoolProblems(input);
  if (errors.length) return { status: 'invalid', errors };
  const school = newSchool({ urn: String(input.urn).trim(), name: String(input.name) });
  const audit = (outcome: 'ok' | 'denied', detail: string) =>
    repos.audit.record({ urn: school.urn, at: now.toISOString(), actorId: by.id, actorName: by.name, action: 'school.create', source: by.source, outcome, detail });
  try {
    await repos.schools.insert(school);
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
    const existing = (await repos.schools.get(school.urn))?.value;
    await audit('denied', `URN ${school.urn} is already in Firstday`);
    return { status: 'exists', urn: school.urn, name: existing?.name ?? school.urn };
  }
  await audit('ok', `created ${school.name} (${school.urn}) with the default settings`);
  return { status: 'created', school };
}
