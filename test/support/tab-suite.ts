/**
 * What every browser suite of the tab sets up: the tab built into a folder of its own, the real server and
 * Azurite with the development sign-in (startCaseTestServer), headless Chromium, one page whose errors are
 * collected, and signing in as a member of staff by their button on the sign-in page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildTab } from '../../scripts/build-tab';
import type { Repositories } from '../../bot/store/repositories';
import { startCaseTestServer, type CaseTestServer } from '../api/support/case-test-server';
import { launchChromium } from './browser';

/** Screenshots for a person to look at; git ignores the folder. */
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

export interface TabSuite {
  server: CaseTestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors on the page: each suite expects none. */
  pageErrors: string[];
  /** Signs in on the development sign-in page (switching user if someone is signed in), then waits for `ready`. */
  signInAs(name: RegExp, ready: (page: Page) => Promise<unknown>): Promise<void>;
  stop(): Promise<void>;
}

export async function startTabSuite(options: { seed?: (repos: Repositories) => Promise<void>; permissions?: string[] } = {}): Promise<TabSuite> {
  const tabDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-tab-'));
  await buildTab({ outDir: tabDir });
  const server = await startCaseTestServer({ devSignIn: true, tabDir, ...(options.seed ? { seed: options.seed } : {}) });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await launchChromium();
  // bypassCSP only so the test can inject axe-core; the page's own scripts are all served by the server.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  if (options.permissions) await context.grantPermissions(options.permissions, { origin: server.baseUrl });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    server,
    browser,
    context,
    page,
    pageErrors,
    async signInAs(name, ready) {
      await page.goto(`${server.baseUrl}/tab/index.html?view=my-cases`);
      const switchUser = page.getByRole('button', { name: 'Switch user' });
      if (await switchUser.isVisible()) await switchUser.click();
      await page.getByRole('button', { name }).click();
      await ready(page);
    },
    async stop() {
      await browser.close();
      await server.stop();
      fs.rmSync(tabDir, { recursive: true, force: true });
    },
  };
}
