/* A Pagero company with synced invoices, an AP admin with a browser, and the response job run in-process. */
import type { Sql } from '../../src/db/connection';
import { createLogger } from '../../src/logger';
import { DEFAULT_RETRY } from '../../src/pagero/retry';
import { createPageroService } from '../../src/pagero/service';
import { processResponse, type SendDeps } from '../../src/responses/send';
import { syncCompany } from '../../src/sync/company-sync';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import type { PageroPair } from '../helpers/pagero';
import { sim } from '../helpers/sim';
import { companyWithInvoices, syncDeps } from '../sync/helpers';

export type SimResponse = {
  fileId: string;
  companyId: string;
  senderReference: string | null;
  sendMode: string;
  status: string;
  errors: string[];
  actions: { action: string }[];
  responseCode: string | null;
  reasonCode: string | null;
  reasonText: string | null;
  actionCode: string | null;
  invoiceNumber: string | null;
  receiver: string | null;
  xml: string;
};

export const simResponses = async (pair: PageroPair) => (await sim<{ responses: SimResponse[] }>(pair.sandbox.url, '/responses')).responses;

/** The uploads the sandbox holds for one response (senderReference = the response id). */
export const uploadsOf = async (pair: PageroPair, responseId: number) => (await simResponses(pair)).filter((r) => r.senderReference === String(responseId));

export function sendDeps(pair: PageroPair, sql: Sql): SendDeps {
  const log = createLogger('silent');
  return { sql, log, sendMode: 'Test', pagero: createPageroService(pair.app.config, sql, log, { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 50 }) };
}

/** A company with `count` synced Pagero invoices and an AP admin signed in. */
export async function pageroCompany(pair: PageroPair, sql: Sql, count = 6) {
  const company = await companyWithInvoices(pair, sql, { count });
  await syncCompany(syncDeps(pair, sql), company.companyId, 'manual');
  await sql`delete from graphile_worker._private_jobs`; // the login's first sync already ran above
  const invoices = await sql<{ id: number; invoiceNumber: string }[]>`
    select id::int, invoice_number from invoices where company_id = ${company.companyId} and document_type = 'invoice' order by id`;
  const admin = await makeUser(sql, { roles: ['ap_admin'] });
  const browser = new Browserless(pair.app.url);
  await browser.signIn(admin.email, admin.password);
  // Segregation of duties (approvals): whoever marked an invoice Ready may not approve it, so a second admin does.
  const second = await makeUser(sql, { roles: ['ap_admin'] });
  const approver = new Browserless(pair.app.url);
  await approver.signIn(second.email, second.password);
  return { ...company, invoices, admin, browser, approver };
}

/** Moves an invoice through the form on its page, as a clerk would. */
export async function decide(browser: Browserless, invoiceId: number, fields: Record<string, string>) {
  await browser.get(`/invoices/${invoiceId}`);
  // The sandbox's invoices name orders apdesk does not have: Mark ready asks first (issue 18); these tests answer yes.
  return browser.post(`/invoices/${invoiceId}/status-changes`, fields.action === 'mark_ready' ? { confirm: 'yes', ...fields } : fields);
}

export async function responseRow(sql: Sql, id: number) {
  const [row] = await sql<{ state: string; problem: string | null; responseCode: string; fileId: string | null; filepartId: string | null; attempts: number }[]>`
    select state, problem, response_code, file_id, filepart_id, attempts from invoice_responses where id = ${id}`;
  return row!;
}

export async function responsesOf(sql: Sql, invoiceId: number) {
  return sql<{ id: number; responseCode: string; state: string; reasonCode: string | null; reasonText: string | null; actionCode: string | null }[]>`
    select id::int, response_code, state, reason_code, reason_text, action_code from invoice_responses where invoice_id = ${invoiceId} order by id`;
}

/** Runs the job's step for a response until it stops moving (as the worker would, without the waits). */
export async function sendUntilSettled(deps: SendDeps, id: number, steps = 6) {
  let state = '';
  for (let i = 0; i < steps; i++) {
    state = await processResponse(deps, id);
    if (!['processing', 'queued', 'busy'].includes(state)) break;
  }
  return state;
}
