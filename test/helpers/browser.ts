/*
 * The browser harness: playwright-core driving Debian's Chromium (never a downloaded
 * browser). Later browser tests reuse it: openBrowser() once per file, newPage() per test,
 * snap() to save a screenshot under test-results/screenshots/.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = new URL('../../test-results/screenshots/', import.meta.url).pathname;

export async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run "apt-get install -y chromium" or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Chromium for the enclosing describe(); call it before useTestApp()/useSandboxPair(): after() hooks run in the order added, so it closes first. */
export function useBrowser(): { browser: Browser } {
  const ctx = {} as { browser: Browser };
  before(async () => {
    ctx.browser = await openBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
  });
  return ctx;
}

export async function newPage(browser: Browser, opts: { width?: number; height?: number; bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 }, bypassCSP: opts.bypassCSP ?? false });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000); // generous: CI runs two test files at once on two cores
  return page;
}

export async function snap(page: Page, name: string) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the login form and opens `then` (My Invoices unless told otherwise). */
export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string, then = '/invoices') {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(then)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === then.split('?')[0]);
}
