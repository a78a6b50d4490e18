/**
 * Card presses from 50 members of staff at once, each working through their own pupil: claim, two calls with
 * no answer, an answered call, the script to its outcome. The server runs in its own process against Azurite in
 * another, as in production; this process only presses. Prints p50 and p99 of the press-to-answer time with
 * staff working (a second or two between one person's presses; aim: p99 under 250 ms), and again flat out
 * with no pause at all, which shows the server's capacity. Azurite and the server share the machine's cores with
 * this process, so the figures are a floor for what production (remote Table Storage) does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { spawnBotServer, type BotServer } from '../test/support/bot-server';
import { callingSchool, DAY, DURING_CALLS, seedCallingSchool, type CallingSchool } from '../test/support/calling-school';
import { dayThread, linkPastoralChannel, pressOn, startDailyRun, waitForPosted, type LinkedChannel } from '../test/support/calling-flow';
import { ConnectorStandIn } from '../test/support/connector-stand-in';
import { createRepositories } from '../bot/store/repositories';
import { TableStore } from '../bot/store/table-store';

const ROLE = 'FIRSTDAY_BENCH_ROLE';
const STAFF = 50;

async function storageProcess(): Promise<void> {
  const { EmbeddedAzurite } = await import('../bot/store/embedded-azurite');
  const azurite = new EmbeddedAzurite();
  await azurite.start();
  process.stdout.write(`${azurite.connectionString}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void azurite.stop().then(() => process.exit(0)));
}

function startStorage(): Promise<{ child: ChildProcess; connectionString: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename], { env: { ...process.env, [ROLE]: 'storage' }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the storage process exited with ${code}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, connectionString: line.trim() });
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Phase {
  timings: number[];
  notCards: number;
  elapsed: number;
}

/** Each member of staff works through their own pupil, starting after `startMs()` and pausing `pauseMs()` between presses. */
async function workThrough(server: BotServer, connector: ConnectorStandIn, s: CallingSchool, link: LinkedChannel, startMs: () => number, pauseMs: () => number): Promise<Phase> {
  const cards = dayThread(connector, link.channelId).cards;
  const phase: Phase = { timings: [], notCards: 0, elapsed: 0 };
  const started = performance.now();
  await Promise.all(
    cards.map(async (message, i) => {
      const caller = s.callers[i];
      const upn = message.activity.attachments[0].content.body[0].id.split('|').pop();
      const n = s.pupils.findIndex((p) => p.upn === upn);
      await new Promise((r) => setTimeout(r, startMs()));
      const press = async (verb: string, data: Record<string, unknown> = {}) => {
        await new Promise((r) => setTimeout(r, pauseMs()));
        const t0 = performance.now();
        const reply = await pressOn(server, connector, link, message, caller, verb, data);
        phase.timings.push(performance.now() - t0);
        if (reply.body.type !== 'application/vnd.microsoft.card.adaptive') phase.notCards++;
      };
      await press('claim');
      await press('logAttempt', { contactId: `m${n}`, outcome: 'no-answer' });
      await press('logAttempt', { contactId: `d${n}`, outcome: 'voicemail' });
      await press('logAttempt', { contactId: `m${n}`, outcome: 'answered' });
      await press('scriptNext', { step: 'introduce' });
      await press('scriptNext', { step: 'identity', identity: 'confirmed' });
      await press('scriptNext', { step: 'purpose' });
      await press('scriptNext', { step: 'open-question', reason: 'illness' });
      await press('scriptNext', { step: 'illness', illnessDetail: 'Temperature', severity: 'unwell' });
      await press('scriptNext', { step: 'illness-gp', gpAdvice: 'not-needed' });
      await press('scriptNext', { step: 'finish', toldNotifyBy: 'true', nextSteps: 'Back tomorrow' });
      await press('refresh');
    }),
  );
  phase.elapsed = performance.now() - started;
  return phase;
}

function report(label: string, phase: Phase, recorded: number): void {
  const sorted = [...phase.timings].sort((a, b) => a - b);
  console.log(`${label}: ${phase.timings.length} presses in ${(phase.elapsed / 1000).toFixed(1)} s (${(phase.timings.length / (phase.elapsed / 1000)).toFixed(0)} presses/s); ${phase.notCards} answered without a card; ${recorded} calls recorded`);
  console.log(`  press to answer: p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`);
}

async function main(): Promise<void> {
  const storage = await startStorage();
  const connector = new ConnectorStandIn();
  await connector.start();
  const server = await spawnBotServer({ connectionString: storage.connectionString, startAt: DURING_CALLS });
  try {
    const repos = createRepositories(new TableStore({ connectionString: storage.connectionString }));
    const schools = await Promise.all(['100001', '100002'].map((urn) => seedCallingSchool(repos, callingSchool({ urn, name: `School ${urn}`, absent: STAFF, callers: STAFF }))));
    const links = await Promise.all(schools.map((s) => linkPastoralChannel(server, connector, s)));
    await Promise.all(schools.map((s) => startDailyRun(server, s.school.urn, { date: DAY })));
    await Promise.all(schools.map((s) => waitForPosted(server, s.school.urn, DAY, 120_000)));
    const recorded = async (urn: string) => (await repos.pupilCards.list(urn, DAY)).filter((c) => c.value.status === 'resolved').length;

    // Staff at work: they open the list within a couple of seconds of each other, then pause 1.5 s on average
    // (at random) between presses, which is already far quicker than anyone can make a call.
    const working = await workThrough(server, connector, schools[0], links[0], () => Math.random() * 2_000, () => 200 - 1_300 * Math.log(1 - Math.random()));
    report(`${STAFF} staff working (start within 2 s; 1.5 s between one person's presses on average)`, working, await recorded('100001'));
    console.log('  aim: p99 under 250 ms');
    // Flat out, everyone at once with no pause at all: what the server can take, and the wait when it is saturated.
    const flatOut = await workThrough(server, connector, schools[1], links[1], () => 0, () => 0);
    report(`${STAFF} staff pressing flat out (no pause)`, flatOut, await recorded('100002'));
  } finally {
    await server.stop();
    await connector.stop();
    storage.child.stdin!.end();
  }
}

if (process.env[ROLE] === 'storage') void storageProcess();
else
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
