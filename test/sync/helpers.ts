/* A sandbox company with its own Pagero user and waiting invoices, connected to apdesk through the real login flow. */
import { randomBytes } from 'node:crypto';
import type { Sql } from '../../src/db/connection';
import { createLogger } from '../../src/logger';
import { DEFAULT_RETRY } from '../../src/pagero/retry';
import { createPageroService } from '../../src/pagero/service';
import type { SyncDeps } from '../../src/sync/company-sync';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { connectThroughPagero, type PageroPair } from '../helpers/pagero';
import { sim } from '../helpers/sim';

export async function companyWithInvoices(pair: PageroPair, sql: Sql, opts: { count: number; lines?: number; creditNoteShare?: number; country?: string }) {
  const tag = randomBytes(4).toString('hex');
  const { companies } = await sim<{ companies: { id: string }[] }>(pair.sandbox.url, '/companies', { name: `Test Company ${tag}`, vatNumber: `SE${tag.toUpperCase()}01`, country: 'SE' });
  const company = companies[0];
  const username = `user-${tag}`;
  await sim(pair.sandbox.url, '/users', { username, password: 'pw', companies: [company!.id] });
  await sim(pair.sandbox.url, '/documents/generate', { companyId: company!.id, count: opts.count, lines: opts.lines ?? 3, creditNoteShare: opts.creditNoteShare ?? 0 });
  return { pageroCompanyId: company!.id, ...(await connectUser(pair, sql, username, 'pw')), username };
}

export async function connectUser(pair: PageroPair, sql: Sql, username: string, password: string) {
  const user = await makeUser(sql);
  const browser = new Browserless(pair.app.url);
  await browser.signIn(user.email, user.password);
  await connectThroughPagero(browser, username, password);
  const [row] = await sql<{ connectionId: number; companyId: number }[]>`
    select c.id::int as connection_id, cc.company_id::int
    from pagero_connections c join pagero_connection_companies cc on cc.connection_id = c.id
    where c.user_id = ${user.id} order by cc.company_id desc limit 1`;
  return { user, browser, connectionId: row!.connectionId, companyId: row!.companyId };
}

/** Sync dependencies with quick retries, as a worker would have them. */
export function syncDeps(pair: PageroPair, sql: Sql, overrides: Partial<typeof DEFAULT_RETRY> = {}): SyncDeps {
  const log = createLogger('silent');
  const pagero = createPageroService(pair.app.config, sql, log, { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 50, ...overrides });
  return { sql, log, pagero, maxBytes: 20 * 1024 * 1024 };
}

export async function simDocuments(pair: PageroPair, companyId: string) {
  return sim<{ items: Array<{ id: string; isFetched: boolean; documentType?: string }>; total: number; fetched: number }>(
    pair.sandbox.url,
    `/documents?companyId=${encodeURIComponent(companyId)}`,
  );
}
