/**
 * `npm run playground` for real: the server and Microsoft 365 Agents Playground start headless, the
 * Playground loads .m365agentsplayground.yml, and the first-day calling flow is walked in its web client in
 * Chromium: link the Pastoral channel, post the list, claim a pupil, log an answered call, start the script.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { PLAYGROUND_STAFF } from '../../bot/demo/demo-school';
import { PLAYGROUND_CONFIG, playgroundConfig } from '../../scripts/playground';

const ROOT = path.resolve(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Presses, and presses again (up to three times) if the client re-rendered the card under the press. */
async function pressUntil(press: () => Promise<void>, done: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await press();
    try {
      await done.waitFor({ timeout: 15_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

test('the committed Playground config is the demo school: its attendance lead signed in, five staff, a Pastoral channel', () => {
  const yml = fs.readFileSync(PLAYGROUND_CONFIG, 'utf8');
  expect(yml).toBe(playgroundConfig());
  for (const s of PLAYGROUND_STAFF) expect(yml).toContain(`aadObjectId: "${s.aadObjectId}"`);
  expect(yml.match(/^ {2}- id: /gm)).toHaveLength(5);
  expect(yml).toMatch(/currentUser:\n {2}id: "user-lead"\n {2}name: "Helen Ashworth"/);
  expect(yml).toMatch(/channels:\n {4}- id: "19:oakfield-pastoral@thread.tacv2"\n {6}name: "Pastoral"/);
});

describe('npm run playground, headless', () => {
  let child: ChildProcess;
  let browser: Browser;
  let output = '';
  let dataDir: string;

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('starts, loads the config, and the calling flow works in the Playground client', async () => {
    const port = await freePort();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-playground-'));
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/playground.ts')], {
      cwd: ROOT,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', PORT: String(port), FIRSTDAY_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const playgroundPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the Playground did not start:\n${output}`)), 60_000);
      child.stdout!.on('data', () => {
        const m = /Listening on (\d+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`npm run playground exited with ${code}:\n${output}`)));
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
    await page.goto(`http://127.0.0.1:${playgroundPort}/`);
    await page.getByText('Configuration file is loaded from').waitFor({ timeout: 20_000 });
    await expect(page.getByText('Helen Ashworth').first().isVisible()).resolves.toBe(true);

    await page.getByText('Pastoral', { exact: true }).first().click();
    const mention = async (text: string) => {
      await page.locator('[data-lexical-editor="true"]').first().click();
      await page.keyboard.type('@First');
      await page.getByRole('menuitem', { name: 'Firstday' }).click();
      await page.keyboard.type(text);
      await page.getByRole('button', { name: 'Post', exact: true }).click();
    };
    await mention(' link');
    // The Playground also tells the bot it was added to the channel, so a second link card may arrive at any
    // moment: hold on to one card's element so that the URN and the press go to the same card.
    // A card re-rendered under the press loses it, so press again on the newest link card until one takes.
    const linkCards = page.locator('.ac-adaptiveCard', { hasText: 'Link this channel to your school' });
    await linkCards.first().waitFor({ timeout: 30_000 });
    await pressUntil(async () => {
      const linkCard = (await linkCards.last().elementHandle())!;
      await (await linkCard.$('input'))!.fill('100001');
      await (await linkCard.$('button:has-text("Link this channel")'))!.click();
    }, page.getByText('This channel is linked to Oakfield Park Academy').first());

    await mention(' post the list');
    await page.getByRole('button', { name: /Post the list to/ }).first().click({ timeout: 30_000 });
    await page.getByText(/Unexplained absences: /).first().waitFor({ timeout: 30_000 });
    const claims = page.getByRole('button', { name: 'Claim', exact: true });
    await claims.nth(10).waitFor({ timeout: 40_000 });
    // Cards keep arriving at Teams' pace and the client re-renders the thread as they do: wait until the list
    // stops growing, so a press lands on a card that stays put.
    for (let last = -1, stableFor = 0; stableFor < 3; ) {
      const now = await claims.count();
      stableFor = now === last ? stableFor + 1 : 0;
      last = now;
      await page.waitForTimeout(1_000);
    }

    const open = page.getByRole('button', { name: 'Open my calling view' }).first();
    const contactsShown = page.getByText('Contacts, in the order to ring them').first();
    await pressUntil(() => claims.first().click(), page.getByText(/Claimed by Mrs Ashworth, \d\d:\d\d/).first());
    await pressUntil(async () => {
      if (await open.count()) await open.click();
    }, contactsShown);
    await page.getByText('Answered', { exact: true }).first().click();
    await page.getByRole('button', { name: 'Log this call' }).first().click();
    // The Playground does not refresh the claimer's card on its own: open the calling view until the script shows.
    await pressUntil(async () => {
      if (await open.count()) await open.click();
    }, page.getByText('Introduce yourself').first());
    await expect(page.getByText(/I'm calling from Oakfield Park Academy/).first().isVisible()).resolves.toBe(true);
  }, 180_000);
});
