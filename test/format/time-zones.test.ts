/*
 * Issue 18, item 8: every panel shows a moment in the reader's locale and time zone, never
 * UTC/ISO. One moment (2026-03-05 13:30 UTC) is written into each kind of record; a user with
 * sv-SE and Europe/Stockholm must read 14:30 CET on every page, a user who chose nothing reads
 * the installation's DEFAULT_LOCALE/DEFAULT_TIME_ZONE (it-IT, Europe/Rome here).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { makeUser } from '../helpers/factories';
import { Browserless } from '../helpers/client';
import { makeApprovalRule, when } from '../approvals/factory';
import { insertInvoiceRows } from '../invoices/helpers';

const MOMENT = new Date('2026-03-05T13:30:00Z');
const STOCKHOLM = '2026-03-05 14:30 CET';
const ROME = '05/03/2026, 14:30 CET';
const AS_UTC = /2026-03-05[ T]13:30|13:30 UTC/;
/** The page's text and attributes but the exact instants of <time datetime> (ISO, UTC on purpose). */
const shown = (html: string) => html.replace(/ datetime="[^"]*"/g, '');

describe('Dates and times in the reader’s locale and time zone, on every panel', () => {
  const t = useTestApp({ DEFAULT_LOCALE: 'it-IT', DEFAULT_TIME_ZONE: 'Europe/Rome' });
  let sven: Browserless;
  let plain: Browserless;
  let invoiceId = 0;
  let companyId = 0;
  let endpointId = 0;
  let plainEmail = '';

  before(async () => {
    const sql = t.db.sql;
    const user = await makeUser(sql, { roles: ['ap_admin'], isUserAdmin: true, firstName: 'Sven', lastName: 'Svensson' });
    await sql`update users set locale = 'sv-SE', time_zone = 'Europe/Stockholm' where id = ${user.id}`;
    sven = new Browserless(t.app.url);
    await sven.signIn(user.email, user.password);
    await sven.get('/invoices');
    const other = await makeUser(sql, { roles: ['ap_admin'], isUserAdmin: true, firstName: 'Paola', lastName: 'Plain' });
    plainEmail = other.email;
    plain = new Browserless(t.app.url);
    await plain.signIn(other.email, other.password);
    await plain.get('/invoices');

    const [company] = await sql<{ id: number }[]>`insert into pagero_companies (pagero_company_id, name) values ('tz-co', 'Acme Svenska AB') returning id::int`;
    companyId = company!.id;
    await makeApprovalRule(sql, 'Paola approves', when({ field: 'supplier', op: 'equals', value: 'Nordic Paper AB' }), [{ kind: 'user', userId: other.id }]);
    invoiceId = (await insertInvoiceRows(sql, [{ number: 'TZ-1', sellerName: 'Nordic Paper AB', total: '120.00', status: 'in_review', companyId, dueDate: '2026-03-20' }]))[0]!;
    assert.equal((await sven.post(`/invoices/${invoiceId}/status-changes`, { action: 'mark_ready', confirm: 'yes' })).status, 303);
    // every record of the invoice at the same moment
    await sql`update approval_chains set started_at = ${MOMENT} where invoice_id = ${invoiceId}`;
    await sql`update approval_steps s set started_at = ${MOMENT} from approval_chains c where c.id = s.chain_id and c.invoice_id = ${invoiceId}`;
    await sql`update invoice_events set at = ${MOMENT} where invoice_id = ${invoiceId}`;
    await sql`update invoices set erp_document_id = 'ERP-77', exported_at = ${MOMENT} where id = ${invoiceId}`;
    await sql`
      insert into invoice_validations (invoice_id, state, rule_sets, validated_at, override_by, override_at, override_reason)
      values (${invoiceId}, 'done', '{}', ${MOMENT}, ${user.id}, ${MOMENT}, 'Agreed with the supplier')
      on conflict (invoice_id) do update set state = 'done', error = null, validated_at = excluded.validated_at,
        override_by = excluded.override_by, override_at = excluded.override_at, override_reason = excluded.override_reason`;
    await sql`insert into invoice_responses (invoice_id, company_id, response_code, decided_by, decided_at, state, problem, next_attempt_at)
              values (${invoiceId}, ${companyId}, 'AB', ${user.id}, ${MOMENT}, 'retrying', 'Pagero did not answer (timeout).', ${MOMENT})`;
    await sql`insert into invoice_locks (invoice_id, user_id, locked_at) values (${invoiceId}, ${other.id}, ${MOMENT})`;
    // and the settings pages' records
    await sql`insert into approval_audit (actor_id, action, subject, at) values (${user.id}, 'rule_created', 'Sven approves', ${MOMENT})`;
    await sql`insert into approval_audit (actor_id, action, subject, detail, at) values (${user.id}, 'delegation_set', 'Sven Svensson', 'Out of office 2026-03-02 to 2026-03-06; delegate Paola Plain', ${MOMENT})`;
    await sql`insert into mail_messages (kind, to_address, subject, body, created_at, delivery) values ('test', 'x@example.test', 'A message', 'Hello', ${MOMENT}, 'outbox')`;
    await sql`insert into sync_runs (company_id, trigger, status, started_at, finished_at) values (${companyId}, 'manual', 'succeeded', ${MOMENT}, ${MOMENT})`;
    await sql`insert into coding_rules (supplier, gl_account_code, times_used, last_used_at) values ('Nordic Paper AB', '4000', 3, ${MOMENT})`;
    const [endpoint] = await sql<{ id: number }[]>`
      insert into webhook_endpoints (url, events, secret_sealed, enabled, disabled_reason, disabled_at, failing_since)
      values ('https://erp.example/hook', '{invoice.approved}', '\\x00', false, 'It answered 410 Gone to a delivery: the receiver says it no longer exists.', ${MOMENT}, ${MOMENT})
      returning id::int`;
    endpointId = endpoint!.id;
    const [event] = await sql<{ id: number }[]>`insert into webhook_events (type, invoice_id, occurred_at) values ('invoice.approved', ${invoiceId}, ${MOMENT}) returning id::int`;
    await sql`insert into webhook_deliveries (event_id, endpoint_id, state, attempts, last_attempt_at, created_at) values (${event!.id}, ${endpointId}, 'failed', 1, ${MOMENT}, ${MOMENT})`;
    await sql`insert into export_batches (company_id, origin, created_at, columns, confirmation, delivery, status, invoice_count, delivered_at)
              values (${companyId}, 'schedule', ${MOMENT}, '{invoice_number}', 'on_delivery', 'download', 'delivered', 0, ${MOMENT})`;
  });

  const page = async (who: Browserless, path: string) => {
    const res = await who.get(path);
    assert.equal(res.status, 200, path);
    return res.text;
  };

  it('the invoice page: approval chain, validation, responses, ERP result, lock note, history', async () => {
    const html = await page(sven, `/invoices/${invoiceId}`);
    const section = (label: RegExp) => {
      const start = html.search(label);
      assert.ok(start >= 0, `${label} on the page`);
      return html.slice(start, html.indexOf('</section>', start));
    };
    assert.match(section(/aria-label="Approval"/), new RegExp(`started ${STOCKHOLM}: waiting[\\s\\S]*Waiting since ${STOCKHOLM}`));
    assert.match(section(/id="validation"/), new RegExp(`Allowed to go on by Sven Svensson, ${STOCKHOLM}:[\\s\\S]*Checked ${STOCKHOLM}`));
    assert.match(section(/aria-labelledby="responses-title"/), new RegExp(`By Sven Svensson, ${STOCKHOLM}[\\s\\S]*Pagero did not answer \\(timeout\\)\\. Trying again at ${STOCKHOLM}\\.`));
    assert.match(section(/aria-label="In your ERP"/), new RegExp(`booked ${STOCKHOLM}`));
    assert.match(section(/aria-label="Status"/), new RegExp(`Paola Plain is editing this invoice since ${STOCKHOLM}\\.`));
    assert.match(section(/aria-label="History"/), new RegExp(`<time datetime="2026-03-05T13:30:00.000Z">${STOCKHOLM}</time>`));
    assert.doesNotMatch(shown(html), AS_UTC);
  });

  it('the settings and log pages: approvals audit, mail outbox, sync history, coding rules, webhooks, export batches, open responses', async () => {
    const pages = {
      '/settings/approvals': new RegExp(`<time datetime="2026-03-05T13:30:00.000Z">${STOCKHOLM}</time> <strong>Sven Svensson</strong>`),
      '/settings/outbox': new RegExp(`to x@example.test · ${STOCKHOLM} · In outbox`),
      [`/settings/einvoicing/companies/${companyId}/syncs`]: new RegExp(`<td>${STOCKHOLM}</td>`),
      '/settings/coding-rules': new RegExp(`>${STOCKHOLM}</time>`),
      '/settings/webhooks': new RegExp(`Disabled ${STOCKHOLM}: It answered 410 Gone`),
      [`/settings/webhooks/${endpointId}`]: new RegExp(`\\(${STOCKHOLM}\\)[\\s\\S]*failing since ${STOCKHOLM}[\\s\\S]*Delivery log[\\s\\S]*<div class="muted">${STOCKHOLM}</div>`),
      '/export-batches': new RegExp(`${STOCKHOLM} · scheduled`),
      '/responses': new RegExp(`Trying again at ${STOCKHOLM}\\.[\\s\\S]*<time datetime="2026-03-05T13:30:00.000Z">${STOCKHOLM}</time>`),
    };
    for (const [path, expected] of Object.entries(pages)) {
      const html = await page(sven, path);
      assert.match(html, expected, path);
      assert.doesNotMatch(shown(html), AS_UTC, path);
    }
  });

  it('calendar dates read the same day in every zone, in the reader’s locale', async () => {
    assert.match(await page(plain, '/approvals'), /<time datetime="2026-03-20">20\/03\/2026<\/time>/);
    await t.db.sql`update users set locale = 'de-DE' where email = ${plainEmail}`;
    assert.match(await page(plain, '/approvals'), /<time datetime="2026-03-20">20\.03\.2026<\/time>/);
    await t.db.sql`update users set locale = null where email = ${plainEmail}`;
  });

  it('a user who chose nothing reads the installation’s default locale and time zone', async () => {
    const html = await page(plain, `/invoices/${invoiceId}`);
    assert.match(html, new RegExp(`booked ${ROME}`));
    assert.match(html, new RegExp(`You are editing this invoice \\(since ${ROME}\\)`));
    assert.doesNotMatch(shown(html), AS_UTC);
    const audit = await page(plain, '/settings/approvals');
    assert.match(audit, new RegExp(`${ROME}</time> <strong>Sven Svensson</strong>`));
    assert.match(audit, /Out of office 02\/03\/2026 to 06\/03\/2026; delegate Paola Plain/, 'dates inside a stored audit text too');
  });
});
