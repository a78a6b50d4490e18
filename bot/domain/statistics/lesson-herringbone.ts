/**
 * The herringbone by lesson, set against the pupil's timetable (the Support First approach: "why is the pupil absent on a
 * Friday when they have music?"). Lesson marks use the register codes; a school that imports lesson
 * registers supplies them with the pupil's timetable.
 */
import { isValidDate, weekdayOf } from '../clock';
import { Category, categoryOfCode } from './session-categories';

export interface LessonMark {
  upn: string;
  /** YYYY-MM-DD, the school's local date. */
  date: string;
  /** The period as the school's timetable names it, e.g. "P1". */
  period: string;
  code: string;
  minutesLate?: number;
}

export interface TimetableLesson {
  /** Week of the timetable cycle, 1-based (1 for a one-week timetable). */
  week: number;
  /** 1 = Monday ... 5 = Friday. */
  weekday: number;
  period: string;
  subject: string;
  teacher?: string;
}

/** A pupil's timetable: a cycle of one or more weeks. */
export interface Timetable {
  upn: string;
  /** Weeks in the cycle (1, or 2 for a Week A / Week B timetable). */
  cycleWeeks: number;
  /** A Monday on which week 1 of the cycle starts. */
  weekOneMonday: string;
  /** The day's periods in order, e.g. ["P1", "P2", "P3", "P4", "P5"]. */
  periods: string[];
  lessons: TimetableLesson[];
}

export interface LessonCell {
  possible: number;
  absent: number;
  late: number;
}

export interface LessonSlot extends LessonCell {
  weekday: number;
  period: string;
  /** The subjects timetabled in the slot across the cycle. */
  subjects: string[];
}

export interface SubjectFigures extends LessonCell {
  subject: string;
  /** Attended lessons ÷ possible × 100. */
  percent?: number;
}

export interface LessonHerringbone {
  /** Weekday × period, Monday first, periods in timetable order. */
  slots: LessonSlot[];
  /** By subject, the most-missed share first. */
  subjects: SubjectFigures[];
  /** Possible lessons marked in a slot the timetable leaves empty. */
  unmatched: number;
}

const DAY_MS = 86_400_000;

export function lessonHerringbone(timetable: Timetable, marks: readonly LessonMark[]): LessonHerringbone {
  if (!isValidDate(timetable.weekOneMonday) || weekdayOf(timetable.weekOneMonday) !== 1) {
    throw new RangeError(`Timetable for ${timetable.upn}: weekOneMonday "${timetable.weekOneMonday}" is not a Monday`);
  }
  if (!Number.isInteger(timetable.cycleWeeks) || timetable.cycleWeeks < 1) {
    throw new RangeError(`Timetable for ${timetable.upn}: cycleWeeks must be a whole number of at least 1`);
  }
  const lessons = new Map<string, TimetableLesson>();
  timetable.lessons.forEach((l, i) => {
    if (l.week < 1 || l.week > timetable.cycleWeeks || l.weekday < 1 || l.weekday > 5) {
      throw new RangeError(`Timetable for ${timetable.upn}, lesson ${i + 1}: week ${l.week}, weekday ${l.weekday} is outside the cycle`);
    }
    lessons.set(`${l.week}|${l.weekday}|${l.period}`, l);
  });
  const periods = [...timetable.periods];
  const slots = new Map<string, LessonSlot>();
  const subjects = new Map<string, SubjectFigures>();
  const slot = (weekday: number, period: string): LessonSlot => {
    const key = `${weekday}|${period}`;
    let s = slots.get(key);
    if (!s) {
      s = { weekday, period, possible: 0, absent: 0, late: 0, subjects: [] };
      slots.set(key, s);
      if (!periods.includes(period)) periods.push(period);
    }
    return s;
  };
  for (const l of timetable.lessons) {
    const s = slot(l.weekday, l.period);
    if (!s.subjects.includes(l.subject)) s.subjects.push(l.subject);
  }
  const weekOne = Date.parse(`${timetable.weekOneMonday}T00:00:00Z`);
  let unmatched = 0;
  marks.forEach((m, i) => {
    const where = `Lesson mark ${i + 1} (${m.upn} ${m.date} ${m.period})`;
    if (m.upn !== timetable.upn) throw new RangeError(`${where}: is not for ${timetable.upn}, whose timetable this is`);
    if (!isValidDate(m.date)) throw new RangeError(`${where}: date is not a YYYY-MM-DD date`);
    const cat = categoryOfCode(m.code);
    if (cat === Category.Unknown || cat === Category.None) throw new RangeError(`${where}: unknown attendance code "${m.code}"`);
    if (cat === Category.NotCounted) return;
    const weekday = weekdayOf(m.date);
    if (weekday > 5) throw new RangeError(`${where}: lessons are Monday to Friday`);
    const weeksSince = Math.floor((Date.parse(`${m.date}T00:00:00Z`) - weekOne) / (7 * DAY_MS));
    const cycleWeek = (((weeksSince % timetable.cycleWeeks) + timetable.cycleWeeks) % timetable.cycleWeeks) + 1;
    const absent = cat === Category.Authorised || cat === Category.Unauthorised || cat === Category.LateAfterClose;
    const late = cat === Category.LateBeforeClose || cat === Category.LateAfterClose;
    const s = slot(weekday, m.period);
    add(s, absent, late);
    const lesson = lessons.get(`${cycleWeek}|${weekday}|${m.period}`);
    if (!lesson) {
      unmatched++;
      return;
    }
    let sub = subjects.get(lesson.subject);
    if (!sub) {
      sub = { subject: lesson.subject, possible: 0, absent: 0, late: 0 };
      subjects.set(lesson.subject, sub);
    }
    add(sub, absent, late);
  });
  const order = (p: string) => periods.indexOf(p);
  return {
    slots: [...slots.values()].sort((a, b) => a.weekday - b.weekday || order(a.period) - order(b.period)),
    subjects: [...subjects.values()]
      .map((s) => (s.possible ? { ...s, percent: ((s.possible - s.absent) * 100) / s.possible } : s))
      .sort((a, b) => (a.percent ?? 100) - (b.percent ?? 100) || a.subject.localeCompare(b.subject)),
    unmatched,
  };
}

function add(cell: LessonCell, absent: boolean, late: boolean): void {
  cell.possible++;
  if (absent) cell.absent++;
  if (late) cell.late++;
}
