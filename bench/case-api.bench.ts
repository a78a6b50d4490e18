/**
 * The case tab's API at school scale, and the tab's first-load JavaScript.
 *
 * 1. The demo school (about 1,200 pupils and a term of marks, with the figures the attendance statistics
 *    store) with 300 open Support First cases, each with three meetings, a fortnightly contact, the
 *    pupil's voice, notes and half the checklist, in Table Storage (Azurite's table service in a child
 *    process, as a storage account has a machine of its own). The real server runs in this process;
 *    requests go over HTTP with the development sign-in, one at a time, each audited as in production.
 *    Reported: p50 and p99 of the case list for the attendance lead (all 300 cases) and for a head of
 *    year (their year's), of the case view, and of the school's attendance view. Aim: p99 under 150 ms.
 * 2. The tab as `npm run build:tab` builds it: first-load JavaScript gzipped, outside Teams (the
 *    entry) and inside Teams (the entry and the teams-js chunk it loads). Aim: under 400 KB.
 */
import { startAzuriteChild } from './azurite-child';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildTab } from '../scripts/build-tab';
import { loadConfig } from '../bot/platform/config';
import { seedDemoSchoolIfEmpty } from '../bot/demo/seed-demo-school';
import { ESCALATION_CHECKLIST } from '../bot/domain/cases/escalation-checklist';
import { addDays, toLocal } from '../bot/domain/clock';
import { AttendanceFigures } from '../bot/jobs/attendance-figures';
import { JsonLogger } from '../bot/platform/logger';
import { FirstdayServer } from '../bot/server';
import { openCaseByHand } from '../bot/cases/case-opener';
import { FiguresRepository } from '../bot/store/figures-repository';
import { createRepositories } from '../bot/store/repositories';
import { TableStore } from '../bot/store/table-store';
import { PeakMemory, mb } from './peak-memory';

const CASES = 300;
const VIEW_REQUESTS = 300;
const LIST_REQUESTS = 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(label: string, n: number, request: (i: number) => Promise<Response>): Promise<void> {
  for (let i = 0; i < 10; i++) await (await request(i)).arrayBuffer(); // warm up
  const took: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await request(i);
    const body = await res.arrayBuffer();
    took.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} ${Buffer.from(body).toString()}`);
    bytes += body.byteLength;
  }
  took.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} p50 ${percentile(took, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(took, 99).toFixed(1).padStart(6)} ms   (${n} requests, ${(bytes / n / 1024).toFixed(0)} KB each)`);
}

async function api(): Promise<void> {
  const azurite = await startAzuriteChild();
  const store = new TableStore({ connectionString: azurite.connectionString });
  const repos = createRepositories(store);
  const today = toLocal(new Date(), 'Europe/London').date;
  let t0 = performance.now();
  const seeded = await seedDemoSchoolIfEmpty(repos, { today });
  const school = (await repos.schools.get(seeded.urn))!.value;
  const lead = school.staff.find((s) => s.roles.includes('attendance-lead'))!;
  const pupils = (await repos.pupils.list(school.urn)).sort((a, b) => a.upn.localeCompare(b.upn)).slice(0, CASES);
  console.log(`seeded ${seeded.pupils} pupils in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  // The figures the tab reads, as the nightly job leaves them (no cases opened: the bench opens its own).
  await new AttendanceFigures({ repos, figures: new FiguresRepository({ store }) }).recomputeSchool(school.urn, seeded.registerDay);
  console.log(`computed every pupil's figures in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  t0 = performance.now();
  const by = { id: lead.upn, name: lead.displayName };
  const at = new Date().toISOString();
  for (let i = 0; i < pupils.length; i += 10) {
    await Promise.all(
      pupils.slice(i, i + 10).map(async (p, j) => {
        await openCaseByHand(repos, { urn: school.urn, upn: p.upn, reason: 'Below the school threshold', by, at });
        await repos.cases.change(school.urn, p.upn, (current) => ({
          header: { ...current.case, stage: 'support-first' },
          put: [
            ...[21, 14, 7].map((ago, k) => ({
              kind: 'meeting' as const,
              value: {
                id: `m${k}`,
                kind: k === 0 ? ('initial' as const) : ('review' as const),
                date: addDays(today, -ago),
                method: 'in-person' as const,
                attendees: [
                  { name: 'Parent', role: 'Mother' },
                  { name: lead.displayName, role: 'Attendance lead' },
                ],
                barriers: ['Morning routine', 'Anxiety about PE'],
                agreedActions: [{ action: 'Breakfast club', owner: 'School', due: addDays(today, 7), done: false }],
                nextReview: addDays(today, 14 - ago),
                summary: 'Parent keen to work together. '.repeat(8),
                recordedAt: at,
                recordedBy: by,
              },
            })),
            { kind: 'contact', value: { id: 'c1', date: addDays(today, -3), method: 'phone', withWhom: 'Parent', summary: 'Progress discussed', supportReoffered: true, recordedAt: at, recordedBy: by } },
            { kind: 'pupil-voice', value: { id: 'v1', date: addDays(today, -10), heardBy: 'Mentor', inTheirWords: 'Mondays are hard. '.repeat(10), atSchool: '', atHome: '', whatWouldHelp: 'A quiet start', patternsExplored: '', recordedAt: at, recordedBy: by } },
            ...[1, 2, 3].map((n) => ({ kind: 'note' as const, value: { id: `n${n}`, text: `Note ${n} for ${i + j}. `.repeat(12), recordedAt: at, recordedBy: by } })),
            ...ESCALATION_CHECKLIST.slice(0, 8).map((item) => ({
              kind: 'checklist' as const,
              value: { id: item.id, itemId: item.id, answer: 'done' as const, evidence: 'See the chronology', confirmedBy: by, confirmedAt: at },
            })),
          ],
        }));
      }),
    );
  }
  console.log(`opened ${CASES} cases with their meetings, voice, notes and checklist in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const config = loadConfig({ PORT: '0', TABLES_CONNECTION_STRING: azurite.connectionString, DEV_SIGN_IN: 'true', SEED_DEMO: 'false' });
  const server = new FirstdayServer({ config, logger: new JsonLogger({ write: () => undefined }) });
  const { port } = await server.start();
  const base = `http://127.0.0.1:${port}/api/schools/${school.urn}`;
  const as = (upn: string) => ({ headers: { authorization: `DevSignIn ${upn}` } });
  const hoy = school.staff.find((s) => s.roles.includes('head-of-year') && s.yearGroups?.includes(pupils[0].yearGroup))!;
  const inHoyYears = pupils.filter((p) => hoy.yearGroups!.includes(p.yearGroup)).length;

  const memory = new PeakMemory().start();
  await time(`case list, attendance lead (${CASES} cases)`, LIST_REQUESTS, () => fetch(`${base}/cases`, as(lead.upn)));
  await time(`case list, head of year (${inHoyYears} cases)`, LIST_REQUESTS, () => fetch(`${base}/cases`, as(hoy.upn)));
  await time('case list, filtered (persistent, due)', LIST_REQUESTS, () => fetch(`${base}/cases?band=persistent&due=any`, as(lead.upn)));
  await time('case view', VIEW_REQUESTS, (i) => fetch(`${base}/cases/${pupils[(i * 7) % pupils.length].upn}`, as(lead.upn)));
  await time("school's attendance view", LIST_REQUESTS, () => fetch(`${base}/attendance`, as(lead.upn)));
  console.log(`peak RSS of the server process ${mb(memory.stop())}, of Azurite ${mb(await azurite.rss())}`);
  await server.stop();
  await azurite.stop();
}

async function bundle(): Promise<void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-tab-bench-'));
  try {
    const build = await buildTab({ outDir });
    const gz = (f: string) => gzipSync(fs.readFileSync(f), { level: 9 }).length;
    const entry = gz(build.mainJs);
    const chunks = build.scripts.filter((f) => f !== build.mainJs).reduce((sum, f) => sum + gz(f), 0);
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    console.log(`tab first-load JS, gzipped: ${kb(entry)} outside Teams, ${kb(entry + chunks)} in Teams (with teams-js); ${kb(build.scripts.reduce((s, f) => s + fs.statSync(f).size, 0))} minified`);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

api()
  .then(bundle)
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
