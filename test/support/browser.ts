import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { TestServer } from './server.js';

/** Debian's chromium (`apt-get install chromium`, done by .ci/run). */
export const CHROMIUM = process.env['GRADUAL_CHROMIUM'] ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** Uncaught errors and console errors of every page: tests expect none. */
  errors: string[];
  page(options?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, removed on close. */
export async function openBrowser(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'gradual-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    timezoneId: 'UTC',
    locale: 'en-GB',
  });
  const errors: string[] = [];
  return {
    context,
    errors,
    async page(size) {
      const page = await context.newPage();
      // Fail inside a test's own timeout, saying which wait it was.
      page.setDefaultTimeout(15_000);
      if (size) await page.setViewportSize({ width: size.width ?? 1280, height: size.height ?? 900 });
      // A script error is a failed test, not a silent blank screen.
      page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
      });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens `path` and signs in through the form, unless the browser's session is still live. */
export async function signIn(page: Page, t: TestServer, path = '/ui/'): Promise<void> {
  await page.goto(`${t.server.url}${path}`);
  const first = await page.waitForSelector('form.login, h1.page-title');
  if ((await first.getAttribute('class'))?.includes('login')) {
    await page.fill('#access-key-id', t.credentials.accessKeyId);
    await page.fill('#secret-access-key', t.credentials.secretAccessKey);
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('form.login', { state: 'detached' });
  }
}

/**
 * Where screenshots go: the README's own (docs/screenshots, committed) when
 * GRADUAL_UPDATE_SCREENSHOTS=1, otherwise test-artifacts/screenshots (ignored by git), so an
 * ordinary test run leaves the working tree clean.
 */
export const SCREENSHOTS = resolve(
  import.meta.dirname,
  '..',
  '..',
  ...(process.env['GRADUAL_UPDATE_SCREENSHOTS'] === '1' ? ['docs'] : ['test-artifacts']),
  'screenshots',
);

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** An attribute of every element `selector` matches, in document order. */
export async function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  const all = page.locator(selector);
  const n = await all.count();
  return Promise.all(Array.from({ length: n }, (_, i) => all.nth(i).getAttribute(name)));
}

/** An attribute of the first element `selector` matches, or null when there is none. */
export async function attribute(page: Page, selector: string, name: string): Promise<string | null> {
  const first = page.locator(selector).first();
  return (await first.count()) === 0 ? null : first.getAttribute(name);
}
