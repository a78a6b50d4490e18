/**
 * The attendance lead's view of the school (issue 6): read from the school summary the statistics store
 * (never recomputed here), with names put to the pupils who crossed a band in the week of the figures and
 * to those at the penalty-notice threshold, whether each has a Support First case, and, for the pupils who
 * crossed, their brothers and sisters on the roll and the days they were absent together (the attendance escalation checklist).
 */
import { addDays, weekdayOf } from '../../domain/clock';
import { displayName, type Pupil } from '../../domain/pupil';
import type { School } from '../../domain/school';
import { academicYearOf, type PupilYearMarks } from '../../domain/session-marks';
import type { HerringboneDay, LateFigures } from '../../domain/statistics/pupil-figures';
import { absentTogether, findFamilies, type Family } from '../../domain/statistics/families';
import { SchoolCalendar } from '../../domain/statistics/school-calendar';
import type { BandCount, GroupFigures } from '../../domain/statistics/school-summary';
import type { Trend } from '../../domain/statistics/trend';
import type { FiguresRepository } from '../../store/figures-repository';
import type { Repositories } from '../../store/repositories';

export type CaseState = 'open' | 'closed' | 'none';

export interface GroupAttendance {
  pupils: number;
  possible: number;
  /** Rounded down to one decimal place, as every attendance figure Firstday shows. */
  percent?: number;
  authorised: number;
  unauthorised: number;
  persistent: number;
  severe: number;
}

export interface PupilLine {
  upn: string;
  name: string;
  yearGroup: number;
  form: string;
  case: CaseState;
}

export interface SiblingAbsentTogether {
  upn: string;
  name: string;
  yearGroup: number;
  /** School days this year on which both missed at least one session, oldest first. */
  days: string[];
}

/** A pupil who crossed a band; the view lists the lowest band first, then the lowest attendance. */
export interface CrossingLine extends PupilLine {
  belowPercent: number;
  label: string;
  /** Attendance when the band was crossed. */
  percent: number;
  crossedOn: string;
  siblings: SiblingAbsentTogether[];
}

export interface SchoolAttendanceView {
  today: string;
  academicYear: number;
  /** Absent until the statistics have computed the school's figures for this year. */
  figures?: {
    asOf: string;
    /** The Monday of the week the figures run to: "this week" for the crossings. */
    weekOf: string;
    school: GroupAttendance;
    yearGroups: (GroupAttendance & { yearGroup: number })[];
    /** Monday to Friday, AM and PM: possible sessions, absences and lates across the school this year. */
    weekdays: HerringboneDay[];
    lates: LateFigures;
    bands: BandCount[];
    weeks: { weekStart: string; percent: number }[];
    trend: Trend;
    crossingsThisWeek: CrossingLine[];
    penaltyThreshold: PupilLine[];
  };
}

/** Above this many pupils' marks, reading the school's year in one query beats one read per pupil. */
const ONE_QUERY_FROM = 40;

function floorPercent(attended: number, possible: number): number | undefined {
  return possible ? Math.floor((attended * 1000) / possible) / 10 : undefined;
}

function group(g: GroupFigures): GroupAttendance {
  const out: GroupAttendance = { pupils: g.pupils, possible: g.possible, authorised: g.authorised, unauthorised: g.unauthorised, persistent: g.persistent, severe: g.severe };
  const percent = floorPercent(g.present + g.approvedActivity, g.possible);
  if (percent !== undefined) out.percent = percent;
  return out;
}

export async function schoolAttendanceView(
  deps: { repos: Pick<Repositories, 'pupils' | 'contacts' | 'cases' | 'marks'>; figures: Pick<FiguresRepository, 'getSchool'> },
  input: { school: School; today: string },
): Promise<SchoolAttendanceView> {
  const { school, today } = input;
  const academicYear = academicYearOf(today);
  const summary = await deps.figures.getSchool(school.urn, academicYear);
  if (!summary) return { today, academicYear };
  const [pupils, cases] = await Promise.all([deps.repos.pupils.list(school.urn), deps.repos.cases.list(school.urn)]);
  const byUpn = new Map(pupils.map((p) => [p.upn, p]));
  const caseOf = new Map(cases.map((c) => [c.case.pupilUpn, c.case.status]));
  const line = (upn: string, yearGroup: number): PupilLine => {
    const p = byUpn.get(upn);
    return { upn, name: p ? displayName(p) : upn, yearGroup: p?.yearGroup ?? yearGroup, form: p?.form ?? '', case: caseOf.get(upn) ?? 'none' };
  };
  const siblings = summary.crossingsThisWeek.length
    ? await siblingsAbsentTogether(deps.repos, { school, academicYear, pupils, upns: summary.crossingsThisWeek.map((c) => c.upn), to: summary.asOf })
    : new Map<string, SiblingAbsentTogether[]>();
  return {
    today,
    academicYear,
    figures: {
      asOf: summary.asOf,
      weekOf: addDays(summary.asOf, 1 - weekdayOf(summary.asOf)),
      school: group(summary.school),
      yearGroups: summary.yearGroups.map((y) => ({ yearGroup: y.yearGroup, ...group(y) })),
      weekdays: summary.weekdays,
      lates: summary.lates,
      bands: summary.bands,
      weeks: summary.weeks.filter((w) => w.possible > 0).map((w) => ({ weekStart: w.monday, percent: floorPercent(w.attended, w.possible)! })),
      trend: summary.trend,
      crossingsThisWeek: summary.crossingsThisWeek
        .map((c) => ({
          ...line(c.upn, c.yearGroup),
          belowPercent: c.belowPercent,
          label: c.label,
          percent: c.percent,
          crossedOn: c.crossedOn,
          siblings: siblings.get(c.upn) ?? [],
        }))
        // The most serious first: the lowest band, then the lowest attendance.
        .sort((a, b) => a.belowPercent - b.belowPercent || a.percent - b.percent || a.name.localeCompare(b.name)),
      penaltyThreshold: summary.penaltyThreshold.map((upn) => line(upn, 0)),
    },
  };
}

/** For each of the pupils, their brothers and sisters on the roll (shared parents or carers) and the days they were absent together. */
async function siblingsAbsentTogether(
  repos: Pick<Repositories, 'contacts' | 'marks'>,
  input: { school: School; academicYear: number; pupils: Pupil[]; upns: string[]; to: string },
): Promise<Map<string, SiblingAbsentTogether[]>> {
  const { school, academicYear } = input;
  const key = (upn: string) => `${school.urn}|${upn}`;
  const contacts = await repos.contacts.list(school.urn);
  const families = findFamilies({ pupils: input.pupils.map((pupil) => ({ urn: school.urn, pupil })), contacts: contacts.map((contact) => ({ urn: school.urn, contact })) });
  const wanted = new Set(input.upns);
  const familyOf = new Map<string, Family>();
  for (const f of families) for (const m of f.members) if (wanted.has(m.upn)) familyOf.set(m.upn, f);
  const members = [...new Set([...familyOf.values()].flatMap((f) => f.members.map((m) => m.upn)))];
  const marks = new Map<string, PupilYearMarks>();
  const inFamilies = new Set(members);
  const read =
    members.length >= ONE_QUERY_FROM
      ? await repos.marks.listYear(school.urn, academicYear)
      : (await Promise.all(members.map((upn) => repos.marks.get(school.urn, academicYear, upn)))).flatMap((m) => (m ? [m] : []));
  for (const m of read) if (inFamilies.has(m.value.upn)) marks.set(key(m.value.upn), m.value);
  const pupils = new Map(input.pupils.map((p) => [key(p.upn), p]));
  const names = new Map(input.pupils.map((p) => [p.upn, p]));
  const calendar = new SchoolCalendar(school, academicYear);
  const out = new Map<string, SiblingAbsentTogether[]>();
  for (const [upn, family] of familyOf) {
    const list: SiblingAbsentTogether[] = [];
    for (const sibling of family.members) {
      if (sibling.upn === upn) continue;
      const pair: Family = { ...family, members: family.members.filter((m) => m.upn === upn || m.upn === sibling.upn) };
      const days = absentTogether(pair, { pupils, marks, calendar, to: input.to }).map((d) => d.date);
      const p = names.get(sibling.upn);
      list.push({ upn: sibling.upn, name: p ? displayName(p) : sibling.upn, yearGroup: sibling.yearGroup, days });
    }
    out.set(upn, list);
  }
  return out;
}
