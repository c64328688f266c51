/// <reference lib="dom" />
/*
 * apdesk's demo seed on exactly what `npm start` gives a newcomer (embedded database, built-in
 * Pagero sandbox, the worker): after the E-invoicing Login and the first sync, invoices are
 * matched 2- and 3-way (one within tolerance, some with a price difference or not received),
 * lines are coded by the two demo rules and the touchless rate is above zero. A restart seeds
 * nothing twice; DEMO_DATA=false seeds nothing, and turning it on later seeds at start-up.
 * The database is read directly (the embedded one, through its port and the stored password).
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type PostgresTypes from 'postgres';
import postgres from '../../src/db/postgres';
import { Browserless } from '../helpers/client';
import { newPage, openBrowser, SCREENSHOTS } from '../helpers/browser';
import { npmStart, stop, type Started } from '../helpers/npm-start';
import { connectThroughPagero } from '../helpers/pagero';

const ADMIN = { email: 'admin@acme.example', password: 'demo-seed-admin-1' };
const SEEDED = /demo data seeded for/;

async function embeddedDb(dataDir: string, started: Started) {
  const port = [...started.output().matchAll(/"port":(\d+)[^\n]*embedded PostgreSQL started/g)].at(-1)?.[1];
  assert.ok(port, 'the embedded database logged its port');
  const { databasePassword } = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')) as { databasePassword: string };
  return postgres(`postgres://postgres:${encodeURIComponent(databasePassword)}@127.0.0.1:${port}/apdesk`, { max: 2, onnotice: () => {}, transform: postgres.camel });
}

async function until<T>(what: string, check: () => Promise<T | false | null | undefined>, started: Started, seconds = 120): Promise<T> {
  for (let i = 0; i < seconds * 4; i++) {
    const value = await check();
    if (value) return value;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}:\n${started.output().slice(-3000)}`);
}

async function connectAsAnna(started: Started) {
  const client = new Browserless(started.url);
  await client.signIn(ADMIN.email, ADMIN.password);
  const { response } = await connectThroughPagero(client, 'anna.rossi', 'anna-demo');
  assert.equal(response.status, 303, `the callback answered ${response.status}`);
  return client;
}

type Counts = { seeds: number; gl: number; costCentres: number; taxCodes: number; rules: number; orders: number; receipts: number; settings: number };
const counts = async (sql: PostgresTypes.Sql): Promise<Counts> =>
  (await sql<Counts[]>`
    select (select count(*)::int from demo_seeds) as seeds, (select count(*)::int from gl_accounts) as gl,
      (select count(*)::int from cost_centres) as cost_centres, (select count(*)::int from tax_codes) as tax_codes,
      (select count(*)::int from coding_rules) as rules, (select count(*)::int from purchase_orders) as orders,
      (select count(*)::int from goods_receipts) as receipts, (select count(*)::int from matching_settings) as settings`)[0]!;

const syncedCompanies = (sql: PostgresTypes.Sql) =>
  sql<{ n: number }[]>`select count(distinct company_id)::int as n from sync_runs where status = 'succeeded'`.then((r) => r[0]!.n);

describe('the demo seed on `npm start`', { timeout: 600_000 }, () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'apdesk-demo-'));
    await chmod(dataDir, 0o755);
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo companies at their first login, so the first sync matches, codes and moves invoices to Ready', async () => {
    const app = await npmStart(dataDir, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    let sql: PostgresTypes.Sql | undefined;
    try {
      assert.match(app.output(), /demo data \(GL accounts, cost centres, tax codes, coding rules, purchase orders\) will be added/);
      sql = await embeddedDb(dataDir, app);
      assert.deepEqual(await counts(sql), { seeds: 0, gl: 0, costCentres: 0, taxCodes: 0, rules: 0, orders: 0, receipts: 0, settings: 0 }, 'nothing before a company exists');

      const client = await connectAsAnna(app);
      await until('the seed log line', async () => SEEDED.test(app.output()), app, 10);
      assert.match(app.output(), /demo data seeded for [^\n]*Acme Italia S\.r\.l\./);
      assert.equal(app.output().match(/demo data seeded for/g)!.length, 1, 'one line');
      await until('all three companies synced', async () => (await syncedCompanies(sql!)) === 3, app);
      // the rematch jobs the seed queued and the validation jobs run after the import; matching itself happened on import
      const c = await counts(sql);
      assert.equal(c.seeds, 3);
      assert.ok(c.gl >= 20 && c.costCentres >= 12 && c.taxCodes >= 10, JSON.stringify(c));
      assert.equal(c.rules, 2);
      assert.equal(c.settings, 3);
      assert.ok(c.orders >= 6 && c.receipts >= 3, JSON.stringify(c));
      assert.equal((await sql`select 1 from purchase_orders where source <> 'demo'`).length, 0);

      const outcomes = await sql<{ mode: string; outcome: string; invoices: number }[]>`
        select mode, outcome, count(distinct invoice_id)::int as invoices from invoice_line_matches
        where purchase_order_line_id is not null group by 1, 2`;
      const invoicesWith = (mode: string, outcome: string) => outcomes.find((o) => o.mode === mode && o.outcome === outcome)?.invoices ?? 0;
      assert.ok(invoicesWith('two_way', 'matched') >= 3, JSON.stringify(outcomes));
      assert.ok(invoicesWith('three_way', 'matched') >= 3, JSON.stringify(outcomes));
      assert.ok(invoicesWith('two_way', 'price_variance') >= 1, JSON.stringify(outcomes));
      assert.ok(invoicesWith('three_way', 'price_variance') >= 1, JSON.stringify(outcomes));
      assert.ok(invoicesWith('three_way', 'not_received') >= 1, JSON.stringify(outcomes));
      const [withinTolerance] = await sql`select 1 from invoice_line_matches where outcome = 'matched' and price_variance_percent <> 0`;
      assert.ok(withinTolerance, 'one line matched within the price tolerance');

      const [coded] = await sql<{ lines: number; invoices: number }[]>`
        select count(*)::int as lines, count(distinct l.invoice_id)::int as invoices
        from invoice_line_codings c join invoice_lines l on l.id = c.invoice_line_id where c.source = 'rule'`;
      assert.ok(coded!.invoices >= 20, `lines coded by the rules: ${JSON.stringify(coded)}`);
      const [ready] = await sql<{ touchless: number; matched: number }[]>`
        select count(*)::int as touchless, count(*) filter (where nullif(i.order_reference, '') is not null)::int as matched
        from invoices i join invoice_automation a on a.invoice_id = i.id where a.ready_touchless`;
      assert.ok(ready!.touchless >= 10 && ready!.matched >= 5, `Ready with nobody touching them: ${JSON.stringify(ready)}`);

      // The dashboard shows it.
      const dashboard = await client.get('/');
      const rate = /id="d-touchless">Touchless rate<\/h2><p class="big">([^<]+)</.exec(dashboard.text)?.[1];
      assert.ok(rate && /[1-9]/.test(rate), `the touchless rate reads ${rate}`);

      // A fresh screenshot of the dashboard with demo data (README, docs/screenshots).
      const browser = await openBrowser();
      try {
        const page = await newPage(browser, { width: 1280, height: 800 });
        await page.goto(`${app.url}/login`);
        await page.getByLabel('Email').fill(ADMIN.email);
        await page.getByLabel('Password').fill(ADMIN.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
        await mkdir(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, 'demo-01-dashboard.png') });
        // …and of an invoice whose first line is priced over its order (2-way, past the 2 % tolerance).
        const [varied] = await sql<{ id: number }[]>`
          select invoice_id::int as id from invoice_line_matches where mode = 'two_way' and outcome = 'price_variance' order by invoice_id limit 1`;
        await page.goto(`${app.url}/invoices/${varied!.id}`);
        await page.getByRole('heading', { level: 1, name: /^Invoice / }).waitFor();
        await page.getByText('Price variance').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SCREENSHOTS, 'demo-02-invoice-price-variance.png') });
      } finally {
        await browser.close();
      }
    } finally {
      await sql?.end();
      await stop(app, 'SIGTERM');
    }
  });

  it('seeds nothing twice on the next start', async () => {
    const app = await npmStart(dataDir, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    let sql: PostgresTypes.Sql | undefined;
    try {
      sql = await embeddedDb(dataDir, app);
      const before = await counts(sql);
      await connectAsAnna(app); // a second login finds the same companies
      assert.deepEqual(await counts(sql), before);
      assert.doesNotMatch(app.output(), SEEDED);
      assert.doesNotMatch(app.output(), /will be added/);
    } finally {
      await sql?.end();
      await stop(app, 'SIGTERM');
    }
  });

  it('seeds nothing with DEMO_DATA=false, and seeds at start-up once it is turned on', async () => {
    const offDir = await mkdtemp(path.join(tmpdir(), 'apdesk-demo-off-'));
    await chmod(offDir, 0o755);
    try {
      const off = await npmStart(offDir, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, DEMO_DATA: 'false' });
      try {
        const sql = await embeddedDb(offDir, off);
        await connectAsAnna(off);
        assert.equal((await sql<{ n: number }[]>`select count(*)::int as n from pagero_companies`)[0]!.n, 3, 'the companies were found');
        assert.deepEqual(await counts(sql), { seeds: 0, gl: 0, costCentres: 0, taxCodes: 0, rules: 0, orders: 0, receipts: 0, settings: 0 });
        assert.doesNotMatch(off.output(), /demo data/);
        await sql.end();
      } finally {
        await stop(off, 'SIGTERM');
      }

      const on = await npmStart(offDir, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
      try {
        assert.match(on.output(), /demo data seeded for [^\n]*Acme Italia S\.r\.l\./);
        const sql = await embeddedDb(offDir, on);
        const c = await counts(sql);
        assert.equal(c.seeds, 3);
        assert.equal(c.rules, 2);
        await sql.end();
      } finally {
        await stop(on, 'SIGTERM');
      }
    } finally {
      await rm(offDir, { recursive: true, force: true });
    }
  });
});
