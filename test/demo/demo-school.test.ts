import { createHash } from 'node:crypto';
import { reportCovers, type AbsenceReport } from '../../bot/domain/absence-report';
import { ARRIVED_CODES, countsAsAttending, isAttendanceCode, isPossibleSession } from '../../bot/domain/attendance-codes';
import { addDays, weekdayOf } from '../../bot/domain/clock';
import { isValidUpn, type Pupil } from '../../bot/domain/pupil';
import { DEFAULT_BANDS, isSchoolDay, staffWithRole } from '../../bot/domain/school';
import { markAt, marksOf, sessionIndex, type PupilYearMarks, type SessionMark } from '../../bot/domain/session-marks';
import { DEFAULT_DEMO_SEED, generateDemoSchool, PLAYGROUND_STAFF, type DemoSchool } from '../../bot/demo/demo-school';

const TODAY = '2026-03-11'; // a Wednesday in the spring term
const hash = (demo: DemoSchool) => createHash('sha256').update(JSON.stringify(demo)).digest('hex');

let demo: DemoSchool;
let marksByUpn: Map<string, PupilYearMarks>;
let reportsByUpn: Map<string, AbsenceReport[]>;

beforeAll(() => {
  demo = generateDemoSchool({ today: TODAY });
  marksByUpn = new Map(demo.marks.map((m) => [m.upn, m]));
  reportsByUpn = new Map();
  for (const r of demo.reports) reportsByUpn.set(r.pupilUpn, [...(reportsByUpn.get(r.pupilUpn) ?? []), r]);
});

const coveredAt = (upn: string, date: string, session: 'AM' | 'PM') =>
  (reportsByUpn.get(upn) ?? []).some((r) => reportCovers(r, date, session));

function absenceOf(marks: PupilYearMarks): { possible: number; absent: number; absences: SessionMark[] } {
  let possible = 0;
  const absences: SessionMark[] = [];
  for (const mark of marksOf(marks)) {
    if (!isPossibleSession(mark.code)) continue;
    possible++;
    if (!countsAsAttending(mark.code)) absences.push(mark);
  }
  return { possible, absent: absences.length, absences };
}

describe('the same seed gives the same school', () => {
  test('byte for byte, also from a freshly loaded module', () => {
    const again = generateDemoSchool({ today: TODAY, seed: DEFAULT_DEMO_SEED });
    expect(again).toEqual(demo);
    expect(hash(again)).toBe(hash(demo));
    let fresh: DemoSchool | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('../../bot/demo/demo-school') as typeof import('../../bot/demo/demo-school');
      fresh = mod.generateDemoSchool({ today: TODAY });
    });
    expect(hash(fresh!)).toBe(hash(demo));
  });

  test('a different seed gives a different school and a different tenant', () => {
    const other = generateDemoSchool({ today: TODAY, seed: 7 });
    expect(hash(other)).not.toBe(hash(demo));
    const upns = new Set(demo.pupils.map((p) => p.upn));
    expect(other.pupils.filter((p) => upns.has(p.upn)).length).toBeLessThan(demo.pupils.length / 10);
    expect(other.school.staff.map((s) => s.aadObjectId)).not.toEqual(demo.school.staff.map((s) => s.aadObjectId));
    expect(other.school.staff.map((s) => s.upn)).toEqual(demo.school.staff.map((s) => s.upn));
  });

  test('bad options are refused, saying which', () => {
    expect(() => generateDemoSchool({ today: '2026-02-30' })).toThrow(/today must be a date as YYYY-MM-DD, got "2026-02-30"/);
    expect(() => generateDemoSchool({ today: TODAY, seed: 1.5 })).toThrow(/seed must be an integer/);
  });
});

describe('the school', () => {
  test('is an English secondary academy with the settings the flow needs', () => {
    const s = demo.school;
    expect(s).toMatchObject({
      urn: '100001',
      timeZone: 'Europe/London',
      registerCloseTime: '09:10',
      afternoonRegisterCloseTime: '13:50',
      notifyByTime: '08:30',
      reviewBeforePosting: true,
      concernAcknowledgeMinutes: 15,
    });
    expect(s.name).toMatch(/Academy$/);
    expect(s.bands).toEqual(DEFAULT_BANDS);
    expect(s.bands).not.toBe(DEFAULT_BANDS);
  });

  test('has the terms of the academic year containing today, with INSET days and bank holidays closed', () => {
    const { terms, closures } = demo.school;
    expect(terms.map((t) => t.name)).toEqual(['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 2', 'Summer 1', 'Summer 2']);
    expect(terms[0].start >= '2025-09-01' && terms[5].end <= '2026-07-31').toBe(true);
    expect(terms.some((t) => t.start <= TODAY && TODAY <= t.end)).toBe(true);
    expect(closures).toContain('2026-05-04'); // early May bank holiday, in the summer term
    expect(closures.length).toBeGreaterThanOrEqual(6);
    for (const c of closures) expect(terms.some((t) => t.start <= c && c <= t.end)).toBe(true);
    expect(isSchoolDay(demo.school, '2025-12-25')).toBe(false);
    expect(isSchoolDay(demo.school, '2026-02-18')).toBe(false); // February half-term
  });

  test('has the staff the flow needs, with stable Entra ids and UPNs at the made-up domain', () => {
    const staff = demo.school.staff;
    expect(staff.length).toBeGreaterThanOrEqual(12);
    expect(staff.length).toBeLessThanOrEqual(18);
    expect(staffWithRole(demo.school, 'attendance-lead')).toHaveLength(1);
    expect(staffWithRole(demo.school, 'attendance-officer')).toHaveLength(1);
    expect(staffWithRole(demo.school, 'dsl')).toHaveLength(1);
    expect(staffWithRole(demo.school, 'deputy-dsl')).toHaveLength(2);
    expect(staffWithRole(demo.school, 'head-of-year').flatMap((s) => s.yearGroups ?? []).sort()).toEqual([10, 11, 7, 8, 9]);
    expect(staffWithRole(demo.school, 'staff').length).toBeGreaterThanOrEqual(3);
    for (const s of staff) {
      expect(s.upn).toMatch(/^[a-z]\.[a-z]+@oakfield\.example$/);
      expect(s.aadObjectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(staff.map((s) => s.aadObjectId)).size).toBe(staff.length);
    expect(new Set(staff.map((s) => s.upn)).size).toBe(staff.length);
  });

  test('PLAYGROUND_STAFF: five of the default school staff, with the ids the Agents Playground config holds', () => {
    // These ids are copied into .m365agentsplayground.yml: changing them breaks hand-testing sign-in.
    expect(PLAYGROUND_STAFF.map((u) => [u.upn, u.aadObjectId])).toEqual(PINNED_PLAYGROUND_IDS);
    for (const user of PLAYGROUND_STAFF) {
      const member = demo.school.staff.find((s) => s.aadObjectId === user.aadObjectId);
      expect(member).toBeDefined();
      expect(member!.displayName).toBe(user.name);
      expect(member!.upn).toBe(user.upn);
    }
    const roles = PLAYGROUND_STAFF.map((u) => demo.school.staff.find((s) => s.upn === u.upn)!.roles[0]);
    expect(roles).toEqual(['attendance-officer', 'dsl', 'head-of-year', 'staff', 'staff']);
  });
});

const PINNED_PLAYGROUND_IDS = [
  ['p.sharma@oakfield.example', '2d96f4ce-169d-4051-8ac3-583a712d3b31'],
  ['d.okafor@oakfield.example', '5727eaa4-95d0-4a67-9be3-df0eb21d9f20'],
  ['r.green@oakfield.example', '492770e6-35fa-4f0e-8d1a-ee0c1749bf32'],
  ['j.whitfield@oakfield.example', '8cf5c735-e320-4d62-89cd-8df51d5f129d'],
  ['z.oconnell@oakfield.example', 'b132b43c-d4ec-4c70-a1f8-2e67b808b9c9'],
];

describe('the pupils', () => {
  test('about 1,200 in years 7 to 11, about 240 a year, in forms of about 30', () => {
    expect(demo.pupils.length).toBeGreaterThanOrEqual(1150);
    expect(demo.pupils.length).toBeLessThanOrEqual(1250);
    const byYear = new Map<number, number>();
    const byForm = new Map<string, number>();
    for (const p of demo.pupils) {
      byYear.set(p.yearGroup, (byYear.get(p.yearGroup) ?? 0) + 1);
      byForm.set(p.form, (byForm.get(p.form) ?? 0) + 1);
      expect(p.form).toMatch(new RegExp(`^${p.yearGroup}[A-H]$`));
    }
    expect([...byYear.keys()].sort((a, b) => a - b)).toEqual([7, 8, 9, 10, 11]);
    for (const n of byYear.values()) expect(n).toBeGreaterThanOrEqual(225);
    for (const n of byForm.values()) expect(n).toBeGreaterThanOrEqual(25);
    expect(byForm.size).toBe(40);
  });

  test('every UPN is valid (check letter) and unique', () => {
    for (const p of demo.pupils) expect(isValidUpn(p.upn)).toBe(true);
    expect(new Set(demo.pupils.map((p) => p.upn)).size).toBe(demo.pupils.length);
  });

  test('names are diverse and British: accents, apostrophes and hyphens included', () => {
    const names = demo.pupils.map((p) => `${p.legalForename} ${p.legalSurname}`);
    expect(names.some((n) => n.includes("'"))).toBe(true);
    expect(names.some((n) => /[À-ɏḀ-ỿ]/.test(n))).toBe(true);
    expect(names.some((n) => n.includes('-'))).toBe(true);
    expect(new Set(demo.pupils.map((p) => p.legalSurname)).size).toBeGreaterThan(200);
    expect(demo.pupils.some((p) => p.preferredForename && p.preferredForename !== p.legalForename)).toBe(true);
  });

  test('dates of birth fit the year group (1 September to 31 August)', () => {
    for (const p of demo.pupils) {
      const from = `${2025 - p.yearGroup - 5}-09-01`;
      const to = `${2025 - p.yearGroup - 4}-08-31`;
      expect(p.dateOfBirth! >= from && p.dateOfBirth! <= to).toBe(true);
    }
  });

  test('needs and vulnerabilities at realistic low rates, each with what goes with it', () => {
    const n = demo.pupils.length;
    const share = (f: (p: Pupil) => boolean) => demo.pupils.filter(f).length / n;
    expect(share((p) => p.sen === 'sen-support')).toBeGreaterThan(0.08);
    expect(share((p) => p.sen === 'sen-support')).toBeLessThan(0.17);
    expect(share((p) => p.sen === 'ehcp')).toBeGreaterThan(0.01);
    expect(share((p) => p.sen === 'ehcp')).toBeLessThan(0.05);
    for (const flag of ['childProtectionPlan', 'childInNeed', 'lookedAfter'] as const) {
      expect(share((p) => p[flag])).toBeGreaterThan(0);
      expect(share((p) => p[flag])).toBeLessThan(0.025);
    }
    for (const p of demo.pupils.filter((p) => p.childProtectionPlan || p.childInNeed || p.lookedAfter)) {
      expect(p.socialWorker).toMatchObject({ role: 'Social worker' });
    }
    expect(demo.pupils.filter((p) => p.socialWorker && !(p.childProtectionPlan || p.childInNeed || p.lookedAfter))).toEqual([]);
    expect(share((p) => p.youngCarer)).toBeGreaterThan(0.005);
    expect(share((p) => p.youngCarer)).toBeLessThan(0.06);
    expect(share((p) => p.eal)).toBeGreaterThan(0.08);
    expect(share((p) => p.eal)).toBeLessThan(0.35);
    for (const p of demo.pupils) expect(p.eal).toBe(p.homeLanguage !== undefined);
    expect(demo.pupils.some((p) => p.youthOffendingWorker)).toBe(true);
  });

  test('a few joined mid-term and have no marks before they came on roll', () => {
    const joiners = demo.pupils.filter((p) => p.admissionDate! > demo.school.terms[0].start);
    expect(joiners.length).toBeGreaterThanOrEqual(5);
    expect(joiners.length).toBeLessThan(demo.pupils.length * 0.03);
    for (const p of joiners) {
      const marks = [...marksOf(marksByUpn.get(p.upn)!)];
      expect(marks.length).toBeGreaterThan(0);
      expect(marks.every((m) => m.date >= p.admissionDate!)).toBe(true);
      expect(markAt(marksByUpn.get(p.upn)!, p.admissionDate!, 'AM')).toBeDefined();
    }
  });
});

describe('the contacts', () => {
  test('each pupil has one to four, in priority order 1..n', () => {
    const byPupil = new Map<string, number[]>();
    for (const c of demo.contacts) byPupil.set(c.pupilUpn, [...(byPupil.get(c.pupilUpn) ?? []), c.priority]);
    expect(byPupil.size).toBe(demo.pupils.length);
    for (const p of demo.pupils) {
      const priorities = byPupil.get(p.upn)!;
      expect(priorities.length).toBeGreaterThanOrEqual(1);
      expect(priorities.length).toBeLessThanOrEqual(4);
      expect([...priorities].sort()).toEqual(priorities.map((_, i) => i + 1));
    }
  });

  test('siblings (about 15% of pupils) share their contacts: the same contactId, the same person', () => {
    const byId = new Map<string, typeof demo.contacts>();
    for (const c of demo.contacts) byId.set(c.contactId, [...(byId.get(c.contactId) ?? []), c]);
    const withSiblings = new Set<string>();
    for (const rows of byId.values()) {
      if (rows.length < 2) continue;
      for (const r of rows) withSiblings.add(r.pupilUpn);
      const { pupilUpn: _a, ...first } = rows[0];
      for (const { pupilUpn: _b, ...other } of rows.slice(1)) expect(other).toEqual(first);
    }
    expect(withSiblings.size / demo.pupils.length).toBeGreaterThan(0.1);
    expect(withSiblings.size / demo.pupils.length).toBeLessThan(0.2);
  });

  test('are believable: a resident first contact, parental responsibility, a few needing DSL approval', () => {
    const first = demo.contacts.filter((c) => c.priority === 1);
    expect(first.filter((c) => c.livesWithPupil).length).toBe(first.length);
    expect(demo.contacts.filter((c) => c.parentalResponsibility).length).toBeGreaterThan(demo.pupils.length);
    const approval = demo.contacts.filter((c) => c.requiresDslApproval);
    expect(approval.length).toBeGreaterThan(0);
    expect(approval.length).toBeLessThan(demo.contacts.length * 0.03);
    for (const c of approval) expect(c.livesWithPupil).toBe(false);
    const relationships = new Set(demo.contacts.map((c) => c.relationship));
    for (const r of ['Mother', 'Father', 'Grandmother', 'Stepfather', 'Foster carer']) expect(relationships).toContain(r);
    expect(new Set(demo.contacts.map((c) => c.language)).size).toBeGreaterThan(10);
    expect(new Set(demo.contacts.map((c) => c.preferredMethod))).toEqual(new Set(['phone', 'text', 'app', 'email', 'letter']));
  });

  test('no phone number outside the Ofcom drama ranges, no e-mail outside the example domains', () => {
    const numbers = [
      ...demo.contacts.flatMap((c) => c.phones.map((p) => p.number)),
      ...demo.pupils.flatMap((p) => [p.socialWorker?.phone, p.youthOffendingWorker?.phone].filter((n): n is string => !!n)),
    ];
    expect(numbers.length).toBeGreaterThan(demo.contacts.length);
    for (const n of numbers) expect(n).toMatch(/^(07700 900\d{3}|01632 960\d{3})$/);
    const emails = [...demo.contacts.map((c) => c.email), ...demo.pupils.map((p) => p.socialWorker?.email)].filter((e): e is string => !!e);
    expect(emails.length).toBeGreaterThan(demo.contacts.length / 3);
    for (const e of emails) expect(e).toMatch(/^[a-z0-9.]+@example\.(com|org|net)$/);
  });
});

describe('the registers', () => {
  test('one record per pupil for the academic year, every mark a DfE code, nothing after the register day morning', () => {
    expect(demo.marks.map((m) => m.upn)).toEqual(demo.pupils.map((p) => p.upn));
    const length = (sessionIndex(demo.registerDay, 'AM') + 1) * 2;
    const wrong: string[] = [];
    for (const m of demo.marks) {
      if (m.academicYear !== 2025 || m.marks.length !== length) wrong.push(`${m.upn}: ${m.academicYear}, ${m.marks.length} characters`);
      for (const mark of marksOf(m)) if (!isAttendanceCode(mark.code)) wrong.push(`${m.upn} ${mark.date} ${mark.session}: ${mark.code}`);
      if (markAt(m, demo.registerDay, 'PM') !== undefined) wrong.push(`${m.upn}: afternoon marked`);
    }
    expect(wrong).toEqual([]);
  });

  test('past school days are fully coded, closures are #, days out of term have no mark, and few N are left', () => {
    let pastN = 0;
    const wrong: string[] = [];
    const days: { date: string; inTerm: boolean; closed: boolean }[] = [];
    for (let d = demo.school.terms[0].start; d < demo.registerDay; d = addDays(d, 1)) {
      const inTerm = demo.school.terms.some((t) => t.start <= d && d <= t.end) && weekdayOf(d) <= 5;
      days.push({ date: d, inTerm, closed: demo.school.closures.includes(d) });
    }
    for (const p of demo.pupils) {
      const m = marksByUpn.get(p.upn)!;
      for (const { date, inTerm, closed } of days) {
        for (const session of ['AM', 'PM'] as const) {
          const code = markAt(m, date, session);
          const expected = date < p.admissionDate! || !inTerm ? 'no mark' : closed ? '#' : 'a mark';
          const found = code === undefined ? 'no mark' : code === '#' ? '#' : 'a mark';
          if (found !== expected) wrong.push(`${p.upn} ${date} ${session}: ${code ?? 'no mark'}, expected ${expected}`);
          if (code === 'N') pastN++;
        }
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(pastN).toBeGreaterThan(0);
    expect(pastN).toBeLessThanOrEqual(20);
  });

  test('most pupils attend 95% or more; a few are persistently absent; one or two severely', () => {
    const rates = demo.marks.map((m) => absenceOf(m)).map((a) => a.absent / a.possible);
    const n = rates.length;
    expect(rates.filter((r) => r <= 0.05).length / n).toBeGreaterThan(0.6);
    const persistent = rates.filter((r) => r >= 0.1).length;
    expect(persistent / n).toBeGreaterThan(0.02);
    expect(persistent / n).toBeLessThan(0.15);
    const severe = rates.filter((r) => r >= 0.5).length;
    expect(severe).toBeGreaterThanOrEqual(1);
    expect(severe).toBeLessThanOrEqual(3);
  });

  test('some pupils miss Mondays and Fridays', () => {
    const patterned = demo.marks.filter((m) => {
      const days = new Set(absenceOf(m).absences.map((a) => a.date));
      const edges = [...days].filter((d) => weekdayOf(d) === 1 || weekdayOf(d) === 5).length;
      return days.size >= 8 && edges / days.size >= 0.8;
    });
    expect(patterned.length).toBeGreaterThanOrEqual(1);
  });

  test('lates: L before the register closes, U after, each with its minutes', () => {
    let l = 0;
    let u = 0;
    const wrong: string[] = [];
    for (const m of demo.marks) {
      for (const mark of marksOf(m)) {
        const minutes = mark.minutesLate;
        if (mark.code === 'L') l++;
        if (mark.code === 'U') u++;
        const right =
          mark.code === 'L' ? minutes !== undefined && minutes >= 1 && minutes < 30 : mark.code === 'U' ? minutes !== undefined && minutes > 30 : minutes === undefined;
        if (!right) wrong.push(`${m.upn} ${mark.date} ${mark.session}: ${mark.code} ${minutes}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(l).toBeGreaterThan(demo.pupils.length);
    expect(u).toBeGreaterThan(50);
  });

  test('a year group has a week when illness goes round it', () => {
    const yearOf = new Map(demo.pupils.map((p) => [p.upn, p.yearGroup]));
    const byWeekYear = new Map<string, number>();
    const byWeek = new Map<string, number>();
    for (const m of demo.marks) {
      for (const mark of marksOf(m)) {
        if (mark.code !== 'I') continue;
        const monday = addDays(mark.date, 1 - weekdayOf(mark.date));
        byWeekYear.set(`${monday}|${yearOf.get(m.upn)}`, (byWeekYear.get(`${monday}|${yearOf.get(m.upn)}`) ?? 0) + 1);
        byWeek.set(monday, (byWeek.get(monday) ?? 0) + 1);
      }
    }
    // Illness sessions in one year group that week, against the school's average per year group.
    const outbreak = [...byWeekYear].some(([key, count]) => count > 2.5 * (byWeek.get(key.split('|')[0])! / 5) && count > 60);
    expect(outbreak).toBe(true);
  });

  test('appointments, holidays, trips, suspensions and closures all appear', () => {
    const codes = new Set(demo.marks.flatMap((m) => [...marksOf(m)].map((s) => s.code)));
    for (const code of ['/', '\\', 'L', 'U', 'I', 'M', 'G', 'O', 'N', 'V', 'E', '#']) expect(codes).toContain(code);
  });
});

describe('the register day', () => {
  const amCode = (upn: string) => markAt(marksByUpn.get(upn)!, demo.registerDay, 'AM');
  const covered = (upn: string) => coveredAt(upn, demo.registerDay, 'AM');
  const onRoll = () => demo.pupils.filter((p) => p.admissionDate! <= demo.registerDay);

  test('is today on a school day, and the last school day before it otherwise', () => {
    expect(demo.registerDay).toBe(TODAY);
    expect(generateDemoSchool({ today: '2026-03-14' }).registerDay).toBe('2026-03-13'); // Saturday
    expect(generateDemoSchool({ today: '2026-03-15' }).registerDay).toBe('2026-03-13'); // Sunday
    expect(generateDemoSchool({ today: '2026-05-04' }).registerDay).toBe('2026-05-01'); // bank holiday Monday
    expect(generateDemoSchool({ today: '2026-02-18' }).registerDay).toBe('2026-02-13'); // February half-term
  });

  test('in the summer holiday it is the last day of the year just ended', () => {
    const summer = generateDemoSchool({ today: '2026-08-15' });
    expect(summer.registerDay).toBe('2026-07-21');
    expect(summer.marks[0].academicYear).toBe(2025);
    expect(summer.school.terms.some((t) => t.start.startsWith('2026-09'))).toBe(true);
  });

  test('only the morning register is taken: every pupil on roll has a morning mark', () => {
    for (const p of onRoll()) expect(amCode(p.upn)).toBeDefined();
  });

  test('about 2% are absent with no reason and no report: the unexplained list', () => {
    const unexplained = onRoll().filter((p) => {
      const code = amCode(p.upn);
      return (code === undefined || code === 'N') && !covered(p.upn) && !ARRIVED_CODES.has(code ?? '');
    });
    expect(unexplained.length / onRoll().length).toBeGreaterThanOrEqual(0.01);
    expect(unexplained.length / onRoll().length).toBeLessThanOrEqual(0.03);
  });

  test('some N pupils are explained by a report received that morning', () => {
    const explained = onRoll().filter((p) => amCode(p.upn) === 'N' && covered(p.upn));
    expect(explained.length).toBeGreaterThanOrEqual(5);
    for (const p of explained) {
      const report = demo.reports.find((r) => r.pupilUpn === p.upn && reportCovers(r, demo.registerDay, 'AM'))!;
      expect(report.receivedAt.slice(0, 10)).toBe(demo.registerDay);
      expect(report.reportedBy).toMatch(/^[A-Z][a-z ]+ \(.+\)$/);
    }
  });

  test('a few absent at registration have since arrived: U with the minutes late', () => {
    const arrived = onRoll().filter((p) => amCode(p.upn) === 'U');
    expect(arrived.length).toBeGreaterThanOrEqual(2);
    const session = sessionIndex(demo.registerDay, 'AM');
    for (const p of arrived) expect(marksByUpn.get(p.upn)!.lates[session]).toBeGreaterThan(30);
  });

  test('reports that do not cover the morning exist too (this afternoon, tomorrow)', () => {
    const notThisMorning = demo.reports.filter(
      (r) => r.receivedAt.startsWith(demo.registerDay) && !reportCovers(r, demo.registerDay, 'AM'),
    );
    expect(notThisMorning.length).toBeGreaterThanOrEqual(2);
    for (const r of notThisMorning) expect(['/', 'L']).toContain(amCode(r.pupilUpn));
  });
});

describe('the absence reports', () => {
  test('are well formed: unique ids, known pupils, times with an offset, known codes, believable reporters', () => {
    const upns = new Set(demo.pupils.map((p) => p.upn));
    expect(new Set(demo.reports.map((r) => r.id)).size).toBe(demo.reports.length);
    const wrong = demo.reports.filter(
      (r) =>
        !upns.has(r.pupilUpn) ||
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+0[01]:00$/.test(r.receivedAt) ||
        Number.isNaN(Date.parse(r.receivedAt)) ||
        r.fromDate > r.toDate ||
        (r.suggestedCode !== undefined && !isAttendanceCode(r.suggestedCode)) ||
        r.reason.length < 3 ||
        r.receivedAt.slice(0, 10) > demo.registerDay ||
        !/^[A-Z][a-z ]+ \(.+\)$/.test(r.reportedBy),
    );
    expect(wrong).toEqual([]);
    // British Summer Time from the last Sunday of March: +01:00 after it, +00:00 in winter.
    expect(demo.reports.some((r) => r.receivedAt.startsWith('2025-10-01') && r.receivedAt.endsWith('+01:00'))).toBe(true);
    expect(demo.reports.some((r) => r.receivedAt.startsWith('2026-01-') && r.receivedAt.endsWith('+00:00'))).toBe(true);
    expect(new Set(demo.reports.map((r) => r.method))).toEqual(new Set(['phone', 'app', 'email', 'text', 'in-person', 'letter']));
  });

  test('every illness absence in the past is backed by a report, and unexplained ones are not', () => {
    let illness = 0;
    let backed = 0;
    const explainedO: string[] = [];
    for (const m of demo.marks) {
      for (const mark of marksOf(m)) {
        if (mark.date >= demo.registerDay) continue;
        if (mark.code === 'O' && coveredAt(m.upn, mark.date, mark.session)) explainedO.push(`${m.upn} ${mark.date}`);
        if (mark.code === 'I') {
          illness++;
          if (coveredAt(m.upn, mark.date, mark.session)) backed++;
        }
      }
    }
    expect(explainedO).toEqual([]);
    // Pupils sent home ill at lunchtime have no report from home.
    expect(backed / illness).toBeGreaterThan(0.95);
  });
});
