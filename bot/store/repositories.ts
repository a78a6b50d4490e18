/** Every repository over one TableStore: what the server, jobs and import are handed. */
import { AbsenceReportsRepository } from './absence-reports-repository';
import { AuditRepository } from './audit-repository';
import { CasesRepository } from './cases-repository';
import { ChannelsRepository } from './channels-repository';
import { ChronologyRepository } from './chronology-repository';
import { ConcernsRepository } from './concerns-repository';
import { ContactsRepository } from './contacts-repository';
import { DailyRunsRepository } from './daily-runs-repository';
import { MarksRepository } from './marks-repository';
import { PupilCardsRepository } from './pupil-cards-repository';
import { PupilsRepository } from './pupils-repository';
import { SchoolsRepository } from './schools-repository';
import type { TableStore } from './table-store';
import { TeamsUsersRepository } from './teams-users-repository';

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
  channels: ChannelsRepository;
  dailyRuns: DailyRunsRepository;
  pupilCards: PupilCardsRepository;
  concerns: ConcernsRepository;
  teamsUsers: TeamsUsersRepository;
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
    channels: new ChannelsRepository({ store }),
    dailyRuns: new DailyRunsRepository({ store }),
    pupilCards: new PupilCardsRepository({ store }),
    concerns: new ConcernsRepository({ store }),
    teamsUsers: new TeamsUsersRepository({ store }),
  };
}
