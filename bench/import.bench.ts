/**
 * The import of a 1,500-pupil secondary school with a full year of register marks (about 570,000), its
 * contacts, lates and absence reports: time and peak memory. Azurite runs in a child process, and the CSV files
 * are written by another (both are this file, in another role), so the memory figure is the importer's own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, weekdayOf } from '../bot/domain/clock';
import { upnCheckLetter } from '../bot/domain/pupil';
import { DEFAULT_BANDS, isSchoolDay, type School } from '../bot/domain/school';
import type { ImportFile } from '../bot/import/import-types';
import { SchoolImport } from '../bot/import/school-import';
import { createRepositories } from '../bot/store/repositories';
import { TableStore } from '../bot/store/table-store';
import { mb, PeakMemory } from './peak-memory';

const ROLE = 'FIRSTDAY_BENCH_ROLE';
const PUPILS = 1500;
const URN = '100001';

const school: School = {
  urn: URN,
  name: 'Bench Academy',
  timeZone: 'Europe/London',
  registerCloseTime: '09:10',
  afternoonRegisterCloseTime: '13:40',
  notifyByTime: '08:30',
  staff: [],
  roleGroups: {},
  bands: DEFAULT_BANDS,
  terms: [
    { name: 'Autumn', start: '2025-09-01', end: '2025-12-19' },
    { name: 'Spring', start: '2026-01-05', end: '2026-03-27' },
    { name: 'Summer', start: '2026-04-13', end: '2026-07-17' },
  ],
  closures: ['2025-09-01', '2025-10-27', '2025-10-28', '2025-10-29', '2025-10-30', '2025-10-31', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-05-04', '2026-05-25', '2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29'],
  reviewBeforePosting: false,
  concernAcknowledgeMinutes: 15,
};

async function storageProcess(): Promise<void> {
  // Loaded here only: Azurite's code and data stay out of the importer's process.
  const { EmbeddedAzurite } = await import('../bot/store/embedded-azurite');
  const azurite = new EmbeddedAzurite();
  await azurite.start();
  process.stdout.write(`port ${azurite.port}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void azurite.stop().then(() => process.exit(0)));
}

function startStorage(): Promise<{ child: ChildProcess; connectionString: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename], {
    env: { ...process.env, [ROLE]: 'storage' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the storage process exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /port (\d+)/.exec(out);
      if (match) {
        const port = Number(match[1]);
        resolve({
          child,
          connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
        });
      }
    });
  });
}

/** CPU seconds a process has used so far (user + system), from /proc: the storage child's share of the work. */
function cpuSecondsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function upn(n: number): string {
  const rest = `8012025${String(n).padStart(5, '0')}`;
  return upnCheckLetter(rest) + rest;
}

/** A deterministic pseudo-random sequence, so every run imports the same school. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function schoolDays(): string[] {
  const days: string[] = [];
  for (let d = '2025-09-01'; d <= '2026-07-17'; d = addDays(d, 1)) if (isSchoolDay(school, d)) days.push(d);
  return days;
}

const FILES: Array<[ImportFile['kind'], string]> = [
  ['pupils', 'pupils.csv'],
  ['contacts', 'contacts.csv'],
  ['marks', 'marks.csv'],
  ['lates', 'lates.csv'],
  ['reports', 'reports.csv'],
];

/** Writes the school's export files into a folder (run in its own process). */
function generate(dir: string): void {
  const rnd = random(7);
  const days = schoolDays();
  const pupils = ['UPN,Legal Surname,Legal Forename,Year Group,Form,Date of Birth,SEN,Looked After,EAL'];
  const contacts = ['UPN,Contact ID,Priority,Name,Relationship,Parental Responsibility,Lives With Pupil,Mobile Phone,Email'];
  for (let p = 0; p < PUPILS; p++) {
    const year = 7 + (p % 5);
    pupils.push(`${upn(p)},Surname${p},Forename${p},${year},${year}${'ABCDEF'[p % 6]},${String((p % 28) + 1).padStart(2, '0')}/0${(p % 9) + 1}/${2019 - year},${'NKE'[p % 3]},${p % 50 === 0 ? 'Y' : 'N'},N`);
    contacts.push(`${upn(p)},C${p}a,1,"Parent ${p}, A",Mother,Y,Y,07700 ${String(900000 + p).slice(-6)},parent${p}@example.org`);
    contacts.push(`${upn(p)},C${p}b,2,"Parent ${p}, B",Father,Y,N,07700 ${String(800000 + p).slice(-6)},`);
  }
  const marks: string[] = ['UPN,Date,AM,PM'];
  const lates: string[] = ['UPN,Date,Session,Arrival Time,Minutes Late'];
  const reports: string[] = ['Report ID,UPN,Reported By,Received At,Method,From Date,To Date,Reason'];
  // A realistic school: most pupils miss about 3% of sessions, one in eight about 10%, one in thirty a quarter,
  // so the import's band step opens the cases a real school would see, not one for every pupil.
  const absences = ['I', 'I', 'I', 'N', 'M', 'U', 'G', 'O', 'C'];
  const absenceRate = Array.from({ length: PUPILS }, () => {
    const r = rnd();
    return r < 1 / 30 ? 0.25 : r < 1 / 8 ? 0.1 : 0.03;
  });
  for (const day of days) {
    const [y, m, d] = day.split('-');
    const uk = `${d}/${m}/${y}`;
    for (let p = 0; p < PUPILS; p++) {
      const am = rnd() < absenceRate[p] ? absences[Math.floor(rnd() * absences.length)] : rnd() < 0.04 ? 'L' : '/';
      const pm = am === '/' ? '\\' : am === 'L' || am === 'U' ? '\\' : am;
      marks.push(`${upn(p)},${uk},${am},${pm}`);
      if (am === 'L' || am === 'U') lates.push(`${upn(p)},${uk},AM,${am === 'L' ? '09:0' + Math.floor(rnd() * 9) : '09:2' + Math.floor(rnd() * 9)},${am === 'L' ? 5 : 25}`);
      if (am === 'I' && weekdayOf(day) === 1) reports.push(`R-${p}-${day},${upn(p)},Parent ${p},${uk} 08:1${Math.floor(rnd() * 9)},Phone,${uk},${uk},Unwell`);
    }
  }
  const contents = [pupils, contacts, marks, lates, reports];
  FILES.forEach(([, name], i) => fs.writeFileSync(path.join(dir, name), contents[i].join('\r\n') + '\r\n'));
}

async function main(): Promise<void> {
  const { child, connectionString } = await startStorage();
  try {
    const repos = createRepositories(new TableStore({ connectionString }));
    await repos.schools.insert(school);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-bench-'));
    const made = spawnSync(process.execPath, ['--import', 'tsx', __filename, dir], { env: { ...process.env, [ROLE]: 'generate' }, stdio: 'inherit' });
    if (made.status !== 0) throw new Error('generating the files failed');
    const files: ImportFile[] = FILES.map(([kind, name]) => ({ kind, name, content: fs.readFileSync(path.join(dir, name)) }));
    fs.rmSync(dir, { recursive: true, force: true });
    const days = schoolDays();
    for (const f of files) console.log(`${f.name.padEnd(13)} ${(f.content.length / 1024 / 1024).toFixed(1).padStart(5)} MB`);
    console.log(`${PUPILS} pupils, ${days.length} school days, ${PUPILS * days.length * 2} register marks`);
    const importer = new SchoolImport({ repos });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const memory = new PeakMemory().start();
    const cpu = process.cpuUsage();
    const storageCpu = cpuSecondsOf(child.pid!);
    let t = performance.now();
    const result = await importer.run({ urn: URN, files, actor: 'bench', source: 'bench' });
    const firstMs = performance.now() - t;
    const peak = memory.stop();
    const used = process.cpuUsage(cpu);
    if (result.status !== 'imported') throw new Error(`the import did not apply: ${JSON.stringify(result).slice(0, 2000)}`);
    console.log(`full year import:   ${(firstMs / 1000).toFixed(2)} s, peak RSS ${mb(peak)} (${mb(before)} before it started)`);
    console.log(`  CPU: importer ${((used.user + used.system) / 1e6).toFixed(2)} s, Azurite ${(cpuSecondsOf(child.pid!) - storageCpu).toFixed(2)} s; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
    console.log(`  ${result.summary.marks.sessionsChanged} sessions written in ${result.summary.marks.recordsWritten} pupil-year records`);

    t = performance.now();
    const again = await importer.run({ urn: URN, files, actor: 'bench', source: 'bench' });
    console.log(`same files again:   ${((performance.now() - t) / 1000).toFixed(2)} s (${again.status})`);

    // The daily case: this morning's register for the whole school, over a year already stored.
    const lastDay = days[days.length - 1];
    const [y, m, d] = lastDay.split('-');
    const morning = ['UPN,Date,AM', ...Array.from({ length: PUPILS }, (_, p) => `${upn(p)},${d}/${m}/${y},${p % 10 === 0 ? 'N' : '/'}`)];
    t = performance.now();
    const daily = await importer.run({ urn: URN, files: [{ kind: 'marks', name: 'am.csv', content: Buffer.from(morning.join('\r\n')) }], actor: 'bench', source: 'bench' });
    console.log(`one morning import: ${((performance.now() - t) / 1000).toFixed(2)} s (${daily.status})`);
  } finally {
    child.stdin!.end();
  }
}

if (process.env[ROLE] === 'storage') {
  void storageProcess();
} else if (process.env[ROLE] === 'generate') {
  generate(process.argv[2]);
} else {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
