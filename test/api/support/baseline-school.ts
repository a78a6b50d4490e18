/** The casework test school joining Firstday today: a term of marks figured for the first time, so Amir and Layla (below 90%) are its baseline. */
import { AttendanceFigures } from '../../../bot/jobs/attendance-figures';
import { FiguresRepository } from '../../../bot/store/figures-repository';
import type { Repositories } from '../../../bot/store/repositories';
import { CONTACTS, NOW, PUPILS, SCHOOL, TODAY, URN, termMarks } from './case-school';

export async function seedBaselineSchool(repos: Repositories): Promise<void> {
  await repos.pupils.upsertMany(URN, Object.values(PUPILS));
  await repos.contacts.upsertMany(URN, CONTACTS);
  await repos.marks.upsertMany(URN, termMarks());
  await repos.schools.insert(SCHOOL);
  await new AttendanceFigures({ repos, figures: new FiguresRepository({ store: repos.store }), now: () => NOW }).recomputeSchool(URN, TODAY);
}
