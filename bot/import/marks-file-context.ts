/** What the marks and lates readers share: who the pupils are, and how to name where an earlier entry was. */
import type { School } from '../domain/school';
import type { EarlierEntry } from './incoming-marks';
import type { PupilDirectory } from './pupil-directory';

export interface MarksFileContext {
  school: School;
  directory: PupilDirectory;
  /** This file's number in the import, stored with each mark so a duplicate can say where the first was. */
  fileNo: number;
  /** "line 12" in this file, or "marks-am.csv line 12" in another. */
  where(earlier: EarlierEntry): string;
}
