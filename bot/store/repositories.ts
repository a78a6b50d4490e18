/** Every repository over one TableStore: what the server, jobs and import are handed. */
import { AbsenceReportsRepository } from './absence-reports-repository';
import { AuditRepository } from './audit-repository';
import { CasesRepository } from './cases-repository';
import { ChronologyRepository } from './chronology-repository';
import { ContactsRepository } from './contacts-repository';
import { MarksRepository } from './marks-repository';
import { PupilsRepository } from './pupils-repository';
import { SchoolsRepository } from './schools-repository';
import type { TableStore } from './table-store';

export interface Repositories {
  store: TableStore;
  schools: SchoolsRepository;
  pupils: PupilsRepository;
  contacts: ContactsRepository;
  marks: MarksRepository;
  absenceReports: AbsenceReportsRepository;
  chronology: ChronologyRepository;
  audit: AuditRepository;
  cases: CasesRepository;
}

export function createRepositories(store: TableStore): Repositories {
  return {
    store,
    schools: new SchoolsRepository({ store }),
    pupils: new PupilsRepository({ store }),
    contacts: new ContactsRepository({ store }),
    marks: new MarksRepository({ store }),
    absenceReports: new AbsenceReportsRepository({ store }),
    chronology: new ChronologyRepository({ store }),
    audit: new AuditRepository({ store }),
    cases: new CasesRepository({ store }),
  };
}
