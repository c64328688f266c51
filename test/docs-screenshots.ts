/*
 * Regenerates the README's screenshots of the clerk's screens (issue 18) in docs/screenshots:
 * runs the browser tests that take them (real app, real Chromium, real data shapes: long
 * supplier names, amounts in the millions, several currencies) and copies each screenshot
 * under its docs name. `npm run screenshots` (needs TEST_DATABASE_URL or embedded PostgreSQL).
 * Not a test file itself (no .test.ts), so `npm test` does not run it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { SCREENSHOTS } from './helpers/browser';

const TESTS = [
  'test/invoices/browser-layout.test.ts', 'test/invoices/browser-invoice-page.test.ts', 'test/invoices/browser-empty-states.test.ts',
  'test/invoices/browser-upload-routing.test.ts',
];

/** docs name ← test-results name */
const SHOTS: Record<string, string> = {
  'list-01-laptop-1366.png': 'list-01-laptop-1366.png',
  'list-02-laptop-1280-upload-open.png': 'list-02-laptop-1280-upload-open.png',
  'list-03-overdue-selected.png': 'list-03-overdue-selected.png',
  'list-04-phone-360.png': 'list-04-phone-360.png',
  'list-04-phone-360-scrolled.png': 'list-04-phone-360-scrolled.png',
  'list-04-phone-390.png': 'list-04-phone-390.png',
  'list-05-saved-view.png': 'list-05-saved-view.png',
  'list-06-de-DE.png': 'list-06-de-DE.png',
  'dashboard-01-work-list-de.png': 'dashboard-01-work-list-de.png',
  'dashboard-02-phone-360.png': 'dashboard-02-phone-360.png',
  'invoice-page-1280.png': 'invoice-page-1280-big-screen.png',
  'invoice-page-1920.png': 'invoice-page-1920.png',
  'invoice-page-360.png': 'invoice-page-360-screen.png',
  'invoice-page-390.png': 'invoice-page-390-screen.png',
  'invoice-page-coding.png': 'invoice-page-coding.png',
  'invoice-page-split-in-place.png': 'invoice-page-split-in-place.png',
  'invoice-page-saved-and-next.png': 'invoice-page-saved-and-next.png',
  'invoice-page-keys.png': 'invoice-page-keys.png',
  'invoice-page-approved-and-next.png': 'invoice-page-approved-and-next.png',
  'empty-01-no-group.png': 'empty-01-no-group.png',
  'empty-02-no-connection.png': 'empty-02-no-connection.png',
  'empty-03-fetching.png': 'empty-03-fetching.png',
  'upload-01-result-1280.png': 'upload-01-result-1280.png',
};

const DOCS = new URL('../docs/screenshots/', import.meta.url).pathname;

const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...TESTS], { stdio: 'inherit' });
if (run.status !== 0) {
  console.error('The browser tests failed: docs/screenshots left as they were.');
  process.exit(run.status ?? 1);
}
const missing: string[] = [];
for (const [docs, taken] of Object.entries(SHOTS)) {
  const from = path.join(SCREENSHOTS, taken);
  if (!existsSync(from)) missing.push(taken);
  else copyFileSync(from, path.join(DOCS, docs));
}
if (missing.length) {
  console.error(`Not taken: ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`${Object.keys(SHOTS).length} screenshots copied to docs/screenshots.`);
