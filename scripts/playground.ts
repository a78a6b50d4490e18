/**
 * `npm run playground`: the Firstday server and Microsoft 365 Agents Playground side by side, so the whole
 * first-day calling flow can be walked in a browser: a school team with a Pastoral channel, the demo school's
 * attendance lead as the signed-in user and five more members of staff.
 *
 *   1. In the Pastoral channel, mention the bot ("@Firstday link") and link the channel to URN 100001.
 *   2. "@Firstday post the list" posts the demo school's unexplained absences.
 *   3. Claim a card, ring the contacts, walk the script.
 *
 * Each run starts from a fresh demo school in .data/playground (FIRSTDAY_DATA_DIR to move it). The server's
 * clock runs on the demo's register day: today when today is a school day, otherwise the last one before it,
 * at the time of day now but no earlier than 09:30 (after the register has closed), so there is always a list.
 *
 * `tsx scripts/playground.ts --write-config` rewrites .m365agentsplayground.yml from the demo school's staff.
 * TEAMSAPPTESTER_BROWSER=none keeps the Playground from opening a browser (it still serves on port 56150).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../bot/platform/config';
import { DEFAULT_DEMO_SEED, generateDemoSchool, PLAYGROUND_STAFF } from '../bot/demo/demo-school';
import { demoStaff } from '../bot/demo/demo-staff';
import { fromLocal, toLocal } from '../bot/domain/clock';
import { JsonLogger } from '../bot/platform/logger';
import { FirstdayServer } from '../bot/server';

const ROOT = path.resolve(__dirname, '..');
export const PLAYGROUND_CONFIG = path.join(ROOT, '.m365agentsplayground.yml');
const PORT = process.env.PORT ?? '3978';

interface PlaygroundPerson {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

function person(id: string, name: string, upn: string, aadObjectId: string): PlaygroundPerson {
  const [givenName, ...rest] = name.split(' ');
  return { id, name, userPrincipleName: upn, aadObjectId, givenName, surname: rest.join(' '), email: upn };
}

/** The Playground's team, channel and people, from the demo school (default seed): the schema is version 0.1.1. */
export function playgroundConfig(): string {
  const lead = demoStaff(DEFAULT_DEMO_SEED).find((s) => s.roles.includes('attendance-lead'))!;
  const current = person('user-lead', lead.displayName, lead.upn, lead.aadObjectId!);
  const users = PLAYGROUND_STAFF.map((s, i) => person(`user-${i + 1}`, s.name, s.upn, s.aadObjectId));
  const q = (v: string) => JSON.stringify(v);
  const personYaml = (p: PlaygroundPerson, indent: string) =>
    Object.entries(p)
      .map(([k, v], i) => `${i === 0 ? indent.slice(0, -2) + '- ' : indent}${k}: ${q(v)}`)
      .join('\n');
  return [
    '# Microsoft 365 Agents Playground: the demo school (URN 100001) as a Teams team.',
    '# Written by `tsx scripts/playground.ts --write-config` from bot/demo; the signed-in user is the attendance',
    "# lead, the five others are the demo's Playground staff (officer, DSL, head of year, two form tutors).",
    'version: "0.1.1"',
    `tenantId: ${q('00000000-0000-4000-8000-0000000fd001')}`,
    'bot:',
    `  id: ${q('00000000-0000-4000-8000-0000000fd0b0')}`,
    `  name: ${q('Firstday')}`,
    'currentUser:',
    ...Object.entries(current).map(([k, v]) => `  ${k}: ${q(v)}`),
    'users:',
    ...users.map((u) => personYaml(u, '    ')),
    'personalChat:',
    `  id: ${q('personal-chat-firstday')}`,
    'groupChat:',
    `  id: ${q('group-chat-pastoral-team')}`,
    `  name: ${q('Pastoral team chat')}`,
    'team:',
    `  id: ${q('19:oakfield-general@thread.tacv2')}`,
    `  name: ${q('Oakfield Park Academy staff')}`,
    `  aadGroupId: ${q('00000000-0000-4000-8000-0000000fd0a1')}`,
    '  channels:',
    `    - id: ${q('19:oakfield-pastoral@thread.tacv2')}`,
    `      name: ${q('Pastoral')}`,
    '',
  ].join('\n');
}

/** A clock on the demo's register day: today if it is a school day, else the last school day before it. */
export function demoClock(now = new Date()): { now: () => Date; registerDay: string } {
  const local = toLocal(now, 'Europe/London');
  const { registerDay } = generateDemoSchool({ today: local.date });
  const time = local.time < '09:30' ? '09:30' : local.time;
  const offset = registerDay === local.date && time === local.time ? 0 : fromLocal(registerDay, time, 'Europe/London').getTime() - now.getTime();
  return { now: () => new Date(Date.now() + offset), registerDay };
}

async function main(): Promise<void> {
  if (process.argv.includes('--write-config')) {
    fs.writeFileSync(PLAYGROUND_CONFIG, playgroundConfig());
    console.log(`Wrote ${path.relative(ROOT, PLAYGROUND_CONFIG)}`);
    return;
  }
  const dataDir = path.resolve(ROOT, process.env.FIRSTDAY_DATA_DIR ?? '.data/playground');
  fs.rmSync(dataDir, { recursive: true, force: true });
  // The Playground sends no token, so the bot runs without app credentials: loopback only.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT, HOST: '127.0.0.1', FIRSTDAY_DATA_DIR: dataDir, SEED_DEMO: 'true' };
  delete env.MicrosoftAppId;
  delete env.MicrosoftAppPassword;
  delete env.TABLES_CONNECTION_STRING;
  delete env.TABLES_ENDPOINT;
  const clock = demoClock();
  console.log(`The demo school works on ${clock.registerDay} in the playground (server clock ${clock.now().toISOString()}).`);
  const server = new FirstdayServer({ config: loadConfig(env), logger: new JsonLogger(), now: clock.now });
  await server.start();

  const playground = spawn(
    process.execPath,
    [require.resolve('@microsoft/m365agentsplayground/cli.js'), '--app-endpoint', `http://127.0.0.1:${PORT}/api/messages`, '--channel-id', 'msteams', '--disable-telemetry'],
    { cwd: ROOT, env: { ...process.env, M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG }, stdio: 'inherit' },
  );
  const stop = (code: number) => {
    if (playground.exitCode === null) playground.kill('SIGTERM');
    void server.stop().then(() => process.exit(code));
  };
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  playground.once('exit', (code) => stop(code ?? 0));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`The playground could not start: ${(err as Error).message}`);
    // Embedded storage may already be running: leave nothing behind.
    process.exit(1);
  });
}
