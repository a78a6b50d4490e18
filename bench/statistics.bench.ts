/**
 * Attendance statistics at trust scale, and one morning's incremental update of one school.
 *
 * 1. A trust of 30 schools × 1,500 pupils with a full year of marks (about 17 million), generated in
 *    memory as PupilYearMarks: every figure for every pupil, each school's summary, and the families
 *    across the trust with the days siblings were absent together. Aim: under 30 s on 2 cores.
 * 2. One school through Azure Table Storage (Azurite's table service in a child process, so that it
 *    has its own event loop as a storage account would): the morning's AM marks are written, then
 *    AttendanceFigures.updatePupils recomputes the touched pupils' figures, the school summary and any
 *    band crossings. Aim: under 1 s.
 */
import { startAzuriteChild, type AzuriteChild } from './azurite-child';
import { spawnSync } from 'node:child_process';
import { addDays } from '../bot/domain/clock';
import type { Contact, Pupil } from '../bot/domain/pupil';
import { isSchoolDay, type School } from '../bot/domain/school';
import { sessionIndex, type PupilYearMarks } from '../bot/domain/session-marks';
import { bandCrossings } from '../bot/domain/statistics/bands';
import { absentTogether, findFamilies, type ContactAtSchool, type PupilAtSchool, type SiblingLink } from '../bot/domain/statistics/families';
import { PupilFiguresCalculator, type PupilFigures } from '../bot/domain/statistics/pupil-figures';
import { SchoolCalendar } from '../bot/domain/statistics/school-calendar';
import { summariseSchool, type SchoolSummary } from '../bot/domain/statistics/school-summary';
import { AttendanceFigures } from '../bot/jobs/attendance-figures';
import { FiguresRepository } from '../bot/store/figures-repository';
import { createRepositories } from '../bot/store/repositories';
import { TableStore } from '../bot/store/table-store';
import { PeakMemory, mb } from './peak-memory';

const SCHOOLS = 30;
const PUPILS = 1500;
const YEAR = 2026;
const AS_OF = '2027-07-21'; // the last day of the summer term: a full year of marks
const WEEK_BEFORE = '2027-07-14';

/** Each part runs in a process of its own, so each one's peak memory is its own. */
function main(): void {
  for (const part of ['trust', 'incremental']) {
    const res = spawnSync(process.execPath, [...process.execArgv, __filename, `--part=${part}`], { stdio: 'inherit' });
    if (res.status !== 0) throw new Error(`the ${part} part exited with ${res.status}`);
  }
}

// ---- the data: a school year of 2026/27 and pupils with realistic patterns --------------------------

function benchSchool(i: number): School {
  return {
    urn: String(140001 + i),
    name: `Trust school ${i + 1}`,
    timeZone: 'Europe/London',
    registerCloseTime: '09:10',
    afternoonRegisterCloseTime: '13:40',
    notifyByTime: '08:30',
    staff: [7, 8, 9, 10, 11].map((y) => ({ upn: `hoy${y}@school${i}.example`, displayName: `Head of Year ${y}`, roles: ['head-of-year' as const], yearGroups: [y] })),
    roleGroups: {},
    bands: [
      { belowPercent: 95, label: 'Below 95%', watcherUpn: `tutors@school${i}.example` },
      { belowPercent: 92, label: 'Below 92%', watcherUpn: `pastoral@school${i}.example` },
      { belowPercent: 90, label: 'Persistent absence', watcherUpn: `lead@school${i}.example` },
      { belowPercent: 50, label: 'Severe absence', watcherUpn: `dsl@school${i}.example` },
    ],
    terms: [
      { name: 'Autumn 1', start: '2026-09-03', end: '2026-10-23' },
      { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
      { name: 'Spring 1', start: '2027-01-05', end: '2027-02-12' },
      { name: 'Spring 2', start: '2027-02-22', end: '2027-03-26' },
      { name: 'Summer 1', start: '2027-04-12', end: '2027-05-28' },
      { name: 'Summer 2', start: '2027-06-07', end: '2027-07-21' },
    ],
    closures: ['2026-09-03', '2027-05-03'],
    reviewBeforePosting: false,
    concernAcknowledgeMinutes: 15,
  };
}

/** A small, fast, seeded generator: the same trust every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ABSENCE_CODES = ['I ', 'I ', 'I ', 'I ', 'M ', 'N ', 'O ', 'G ', 'C ', 'E ', 'R ', 'C1', 'C2', 'Y1', 'X ', 'V ', 'P ', 'B '];

function upnFor(school: number, pupil: number): string {
  return `B${String(school).padStart(3, '0')}${String(pupil).padStart(9, '0')}`;
}

interface GeneratedSchool {
  school: School;
  pupils: Pupil[];
  marks: PupilYearMarks[];
  contacts: Contact[];
  markCount: number;
}

/** A school's pupils and a full year of marks, written straight into each pupil's packed string. */
function generateSchool(i: number, rnd: () => number, lastDay = AS_OF): GeneratedSchool {
  const school = benchSchool(i);
  const lastSession = sessionIndex(lastDay, 'PM');
  const schoolDays: number[] = [];
  const closedDay = sessionIndex('2026-11-26', 'AM') >> 1; // a polling-day closure marked #
  for (let d = `${YEAR}-08-01`; d <= lastDay; d = addDays(d, 1)) {
    if (isSchoolDay(school, d)) schoolDays.push(sessionIndex(d, 'AM') >> 1);
  }
  const pupils: Pupil[] = [];
  const marks: PupilYearMarks[] = [];
  const contacts: Contact[] = [];
  const buf = Buffer.alloc((lastSession + 1) * 2);
  let markCount = 0;
  for (let p = 0; p < PUPILS; p++) {
    const upn = upnFor(i, p);
    const r = rnd();
    // Most pupils attend well; a tail is persistently or severely absent.
    const absentRate = r < 0.7 ? 0.02 + rnd() * 0.03 : r < 0.9 ? 0.05 + rnd() * 0.07 : r < 0.98 ? 0.1 + rnd() * 0.2 : 0.5 + rnd() * 0.3;
    const admittedLate = rnd() < 0.03;
    const firstDay = admittedLate ? schoolDays[Math.floor(rnd() * schoolDays.length)] : 0;
    buf.fill(45); // "--"
    const lates: Record<number, number> = {};
    for (const day of schoolDays) {
      if (day < firstDay) continue;
      for (let half = 0; half < 2; half++) {
        const s = day * 2 + half;
        let cell: string;
        const x = rnd();
        if (day === closedDay) cell = '# ';
        else if (x < absentRate) cell = ABSENCE_CODES[Math.floor(rnd() * ABSENCE_CODES.length)];
        else if (half === 0 && x < absentRate + 0.03) {
          cell = rnd() < 0.85 ? 'L ' : 'U ';
          lates[s] = cell === 'L ' ? 1 + Math.floor(rnd() * 25) : 30 + Math.floor(rnd() * 60);
        } else cell = half === 0 ? '/ ' : '\\ ';
        buf[s * 2] = cell.charCodeAt(0);
        buf[s * 2 + 1] = cell.charCodeAt(1);
        markCount++;
      }
    }
    pupils.push({
      upn,
      legalForename: 'Pupil',
      legalSurname: String(p),
      yearGroup: 7 + (p % 5),
      form: `${7 + (p % 5)}${'ABCDEF'[p % 6]}`,
      sen: 'none',
      childProtectionPlan: false,
      childInNeed: false,
      lookedAfter: false,
      youngCarer: false,
      eal: false,
      ...(admittedLate ? { admissionDate: sessionDate(firstDay) } : {}),
    });
    marks.push({ upn, academicYear: YEAR, marks: buf.toString('latin1'), lates });
    // One pupil in five has a brother or sister at the same school: the same mother.
    const family = p % 5 === 1 ? p - 1 : p;
    contacts.push({
      pupilUpn: upn,
      contactId: `M${family}`,
      priority: 1,
      name: 'Parent',
      relationship: 'Mother',
      parentalResponsibility: true,
      livesWithPupil: true,
      phones: [],
      requiresDslApproval: false,
    });
  }
  return { school, pupils, marks, contacts, markCount };
}

function sessionDate(day: number): string {
  return addDays(`${YEAR}-08-01`, day);
}

// ---- 1. the trust, in memory ------------------------------------------------------------------------

async function trust(): Promise<void> {
  const rnd = random(20260901);
  let t = performance.now();
  const schools: GeneratedSchool[] = [];
  let markCount = 0;
  for (let i = 0; i < SCHOOLS; i++) {
    const s = generateSchool(i, rnd);
    schools.push(s);
    markCount += s.markCount;
  }
  const generateMs = performance.now() - t;
  // Last week's figures, as the previous computation would have stored them: the bands to compare with.
  const lastWeek = schools.map((s) => {
    const calc = new PupilFiguresCalculator({ calendar: new SchoolCalendar(s.school, YEAR), asOf: WEEK_BEFORE, bands: s.school.bands });
    return new Map(s.pupils.map((p, k) => [p.upn, calc.compute(p, s.marks[k]).band]));
  });
  global.gc?.();

  const memory = new PeakMemory().start();
  t = performance.now();
  const figures: PupilFigures[][] = [];
  const summaries: SchoolSummary[] = [];
  let crossings = 0;
  schools.forEach((s, i) => {
    const calc = new PupilFiguresCalculator({ calendar: new SchoolCalendar(s.school, YEAR), asOf: AS_OF, bands: s.school.bands });
    const schoolFigures = s.pupils.map((p, k) => calc.compute(p, s.marks[k]));
    figures.push(schoolFigures);
    const crossed = bandCrossings(lastWeek[i], schoolFigures);
    crossings += crossed.length;
    const crossingsThisWeek = crossed.map((c) => ({ upn: c.upn, yearGroup: c.yearGroup, belowPercent: c.to.belowPercent, label: c.to.label, crossedOn: AS_OF, percent: c.percent }));
    summaries.push(summariseSchool({ urn: s.school.urn, academicYear: YEAR, asOf: AS_OF, bands: s.school.bands, pupils: schoolFigures, crossingsThisWeek }));
  });
  const figuresMs = performance.now() - t;

  t = performance.now();
  const pupils: PupilAtSchool[] = schools.flatMap((s) => s.pupils.map((pupil) => ({ urn: s.school.urn, pupil })));
  const contacts: ContactAtSchool[] = schools.flatMap((s) => s.contacts.map((contact) => ({ urn: s.school.urn, contact })));
  // One pupil in fifty has a sibling at the next school of the trust.
  const links: SiblingLink[] = [];
  for (let i = 0; i + 1 < SCHOOLS; i++) {
    for (let p = 2; p < PUPILS; p += 50) links.push({ urn: schools[i].school.urn, upn: upnFor(i, p), siblingUrn: schools[i + 1].school.urn, siblingUpn: upnFor(i + 1, p) });
  }
  const families = findFamilies({ pupils, contacts, links });
  const byKey = new Map<string, PupilYearMarks>();
  const roll = new Map<string, Pupil>();
  schools.forEach((s) => s.marks.forEach((m, k) => (byKey.set(`${s.school.urn}|${m.upn}`, m), roll.set(`${s.school.urn}|${m.upn}`, s.pupils[k]))));
  const calendar = new SchoolCalendar(schools[0].school, YEAR);
  let daysTogether = 0;
  for (const family of families) daysTogether += absentTogether(family, { pupils: roll, marks: byKey, calendar, to: AS_OF }).length;
  const familiesMs = performance.now() - t;
  const peak = memory.stop();

  const all = figures.flat();
  const persistent = all.filter((f) => f.persistent).length;
  const severe = all.filter((f) => f.severe).length;
  const penalty = all.filter((f) => f.unauthorisedTenWeeks.thresholdReached).length;
  const trustPercent = (summaries.reduce((n, s) => n + s.school.present + s.school.approvedActivity, 0) * 100) / summaries.reduce((n, s) => n + s.school.possible, 0);
  console.log(`trust: ${SCHOOLS} schools × ${PUPILS} pupils, ${(markCount / 1e6).toFixed(1)} million marks (generated in memory in ${(generateMs / 1000).toFixed(1)} s)`);
  console.log(`  every pupil's figures, band crossings since last week (${crossings}) and each school's summary: ${(figuresMs / 1000).toFixed(2)} s (${((figuresMs * 1000) / all.length).toFixed(1)} µs a pupil)`);
  console.log(`  families across the trust (${families.length}, ${daysTogether} days absent together): ${(familiesMs / 1000).toFixed(2)} s`);
  console.log(`  total ${((figuresMs + familiesMs) / 1000).toFixed(2)} s on one core (aim: under 30 s on 2 cores); peak memory ${mb(peak)} (marks and figures held together)`);
  console.log(`  trust attendance ${trustPercent.toFixed(1)}%, persistent ${persistent}, severe ${severe}, at the penalty-notice threshold ${penalty}`);
}

// ---- 2. one school's morning, through Azurite -------------------------------------------------------

const YESTERDAY = '2027-03-08';
const MORNING = '2027-03-09';

async function incremental(): Promise<void> {
  const azurite = await startAzuriteChild();
  try {
    const store = new TableStore({ connectionString: azurite.connectionString });
    const repos = createRepositories(store);
    const figures = new FiguresRepository({ store });
    const job = new AttendanceFigures({ repos, figures });
    const { school, pupils, marks } = generateSchool(0, random(20270309), YESTERDAY);
    const urn = school.urn;

    let t = performance.now();
    await repos.schools.insert(school);
    await repos.pupils.upsertMany(urn, pupils);
    await repos.marks.upsertMany(urn, marks);
    const loadMs = performance.now() - t;
    t = performance.now();
    const nightly = await job.recomputeSchool(urn, YESTERDAY);
    const recomputeMs = performance.now() - t;

    // The morning's import writes every pupil's AM mark (its own step, timed apart from the figures).
    const rnd = random(9);
    const am = sessionIndex(MORNING, 'AM') * 2;
    const morning = marks.map((m) => {
      const x = rnd();
      const code = x < 0.05 ? 'N ' : x < 0.08 ? 'L ' : '/ ';
      const padded = m.marks.padEnd(am, '-');
      return { ...m, marks: padded.slice(0, am) + code + padded.slice(am + 2), lates: code === 'L ' ? { ...m.lates, [am / 2]: 7 } : m.lates };
    });
    t = performance.now();
    await repos.marks.upsertMany(urn, morning);
    const importMs = performance.now() - t;

    global.gc?.();
    const memory = new PeakMemory().start();
    const cpu = await cpuBoth(azurite);
    t = performance.now();
    const update = await job.updatePupils(urn, pupils.map((p) => p.upn), MORNING);
    const morningMs = performance.now() - t;
    const morningCpu = await cpu();
    const peak = memory.stop();

    // Mid-morning: the office corrects the N marks of the pupils whose parents have since called.
    const called = morning.filter((m) => m.marks.slice(am, am + 2) === 'N ').slice(0, 40);
    await repos.marks.upsertMany(urn, called.map((m) => ({ ...m, marks: m.marks.slice(0, am) + 'I ' + m.marks.slice(am + 2) })));
    const cpu2 = await cpuBoth(azurite);
    t = performance.now();
    const corrected = await job.updatePupils(urn, called.map((m) => m.upn), MORNING);
    const correctionMs = performance.now() - t;
    const correctionCpu = await cpu2();
    const azuriteRss = await azurite.rss();

    console.log(`incremental: one school of ${PUPILS} pupils through Azure Table Storage (Azurite's table service in a child process)`);
    console.log(`  setup: school, pupils and marks to ${YESTERDAY} written in ${(loadMs / 1000).toFixed(2)} s; whole-school recompute ${(recomputeMs / 1000).toFixed(2)} s (${nightly.crossings.length} first crossings)`);
    console.log(`  the import writes ${morning.length} pupils' AM marks for ${MORNING}: ${(importMs / 1000).toFixed(2)} s (the import's step, not the figures')`);
    console.log(`  updatePupils for the morning (${update.pupils} pupils touched, summary, ${update.crossings.length} new crossings): ${(morningMs / 1000).toFixed(2)} s (aim: under 1 s)`);
    console.log(`    CPU ${morningCpu}; peak memory ${mb(peak)} here, ${mb(azuriteRss)} in Azurite`);
    console.log(`  updatePupils for ${corrected.pupils} corrections later that morning: ${(correctionMs / 1000).toFixed(2)} s (${corrected.crossings.length} new crossings); CPU ${correctionCpu}`);
    console.log(`  school attendance ${update.summary.school.percent!.toFixed(1)}%, persistent ${update.summary.school.persistent}, severe ${update.summary.school.severe}`);
  } finally {
    await azurite.stop();
  }
}

/**
 * CPU time spent from now until the returned function is called, here and in Azurite: on a shared
 * machine the wall-clock time depends on the neighbours, the CPU time does not.
 */
async function cpuBoth(azurite: AzuriteChild): Promise<() => Promise<string>> {
  const here = process.cpuUsage();
  const there = await azurite.cpu();
  return async () => {
    const h = process.cpuUsage(here);
    const t = await azurite.cpu();
    const ms = (u: { user: number; system: number }) => (u.user + u.system) / 1000;
    return `${(ms(h) / 1000).toFixed(2)} s here + ${((ms(t) - ms(there)) / 1000).toFixed(2)} s in Azurite`;
  };
}

const part = process.argv.find((a) => a.startsWith('--part='))?.slice('--part='.length);
if (part) {
  (part === 'trust' ? trust() : incremental()).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
} else main();
