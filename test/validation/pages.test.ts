import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/http/context';
import { storeDocument } from '../../src/invoices/store';
import { createLogger } from '../../src/logger';
import { ValidationPool } from '../../src/validation/pool';
import { storeResults, validateInvoices } from '../../src/validation/service';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { makeGroup } from '../invoices/helpers';
import { corpusText, edit, FATTURAPA, UBL_PLAIN } from './helpers';

const BAD_TOTAL = (xml: string) =>
  edit(xml, /<cbc:TaxInclusiveAmount currencyID="EUR">250.33<\/cbc:TaxInclusiveAmount>\s*<cbc:PayableAmount currencyID="EUR">250.33</, '<cbc:TaxInclusiveAmount currencyID="EUR">250.43</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">250.43<');
const decode = (html: string) => html.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>');

describe('validation > the invoice page, the Ready/Approve gate and the override', () => {
  const t = useTestApp();
  const as: Partial<Record<Role, Browserless>> = {};
  let pool: ValidationPool;
  let group = 0;
  const upload = async (xml: string, name = 'x.xml') => {
    const stored = await storeDocument(t.db.sql, { source: 'upload', bytes: new TextEncoder().encode(xml), filename: name }, { maxBytes: 20 * 1024 * 1024 });
    await t.db.sql`update invoice_groups set group_id = ${group} where invoice_id = any(${stored.invoiceIds}::bigint[])`;
    return stored.invoiceIds as [number, ...number[]];
  };
  const validate = (ids: number[]) => validateInvoices({ sql: t.db.sql, pool, log: createLogger('silent') }, ids);

  before(async () => {
    pool = new ValidationPool({ threads: 1 });
    group = await makeGroup(t.db.sql, 'Everything');
    // Validation places invoices in their groups again: this group takes every invoice.
    await t.db.sql`update document_groups set conditions = ${t.db.sql.json({ join: 'or', children: [{ field: 'rule', op: 'is_blank', value: '' }, { field: 'rule', op: 'is_not_blank', value: '' }] })} where id = ${group}`;
    for (const role of ['ap_specialist', 'ap_manager', 'ap_admin'] as Role[]) {
      const user = await makeUser(t.db.sql, { roles: [role] });
      await t.db.sql`insert into document_group_members (group_id, user_id) values (${group}, ${user.id})`;
      as[role] = new Browserless(t.app.url);
      await as[role].signIn(user.email, user.password);
    }
    await pool.ready();
  });
  after(() => pool.close());

  it('says "Checking against EN 16931…" until validated, then "Valid against EN 16931 1.3.16"', async () => {
    const [id] = await upload(corpusText(UBL_PLAIN));
    const before = await as.ap_specialist!.get(`/invoices/${id}`);
    assert.match(before.text, /Checking against EN 16931…/);
    assert.match(before.text, new RegExp(`hx-get="/invoices/${id}/validation" hx-trigger="load delay:2s"`));
    await validate([id]);
    const fragment = await as.ap_specialist!.request('GET', `/invoices/${id}/validation`, { headers: { 'hx-request': 'true' } });
    assert.equal(fragment.status, 200);
    assert.match(fragment.text, /Valid against EN 16931 1\.3\.16\./);
    assert.doesNotMatch(fragment.text, /Checking against/);
  });

  it('lists each finding with its rule, severity, message and the field in words, and pre-fills a rejection with it', async () => {
    const [id] = await upload(BAD_TOTAL(corpusText(UBL_PLAIN)));
    await validate([id]);
    const page = decode((await as.ap_manager!.get(`/invoices/${id}`)).text);
    assert.match(page, /Fails EN 16931 validation: 1 fatal finding\. Mark ready and Approve are held back\./);
    assert.match(page, /<strong>BR-CO-15<\/strong> <span class="badge severity-fatal">Fatal<\/span> Invoice total amount with VAT \(BT-112\) = Invoice total amount without VAT \(BT-109\) \+ Invoice total VAT amount \(BT-110\)\./);
    assert.match(page, /<a href="#total-taxInclusive">BT-112 Total with tax<\/a>, <a href="#total-taxExclusive">BT-109 Total without tax<\/a>, <a href="#total-tax">BT-110 Tax<\/a>/);
    assert.match(page, /<div id="total-taxInclusive" class="fact"><dt>Total with tax<\/dt><dd class="amount"><span class="money">€250\.43<\/span><\/dd><\/div>/);
    assert.match(page, /id="status-reason" name="reason" type="text" maxlength="1000" value="BR-CO-15: Invoice total amount with VAT \(BT-112\) = /);
    assert.match(page, /Reject because of BR-CO-15/);
    // A clerk who may not reject gets no pre-filled rejection.
    const clerk = decode((await as.ap_specialist!.get(`/invoices/${id}`)).text);
    assert.doesNotMatch(clerk, /Reject because of/);
  });

  it('holds back Mark ready and Approve on a fatal finding until an AP Admin allows it with a reason, written to the history', async () => {
    const [id] = await upload(BAD_TOTAL(corpusText(UBL_PLAIN)));
    await validate([id]);
    await t.db.sql`update invoices set status = 'in_review' where id = ${id}`;
    await as.ap_specialist!.get(`/invoices/${id}`);
    const refused = await as.ap_specialist!.post(`/invoices/${id}/status-changes`, { action: 'mark_ready' });
    assert.equal(refused.status, 409);
    assert.match(decode(refused.text), /Not changed: Mark ready is held back: it fails EN 16931 validation \(BR-CO-15\)\. Ask the supplier for a corrected invoice, reject it, or have an AP Admin allow it with a reason\./);
    // Only AP Admins allow, and only with a reason.
    assert.equal((await as.ap_specialist!.post(`/invoices/${id}/validation/override`, { reason: 'Supplier confirmed by phone' })).status, 403);
    await as.ap_admin!.get(`/invoices/${id}`);
    const empty = await as.ap_admin!.post(`/invoices/${id}/validation/override`, { reason: '  ' });
    assert.equal(empty.status, 303);
    assert.match(empty.location!, /override_error=empty#validation$/);
    const shown = decode((await as.ap_admin!.get(empty.location!)).text);
    assert.match(shown, /<p id="override_reason-error" class="field-error">Say why this invoice may go on although it fails validation\.<\/p>/);
    const allowed = await as.ap_admin!.post(`/invoices/${id}/validation/override`, { reason: 'Rounding agreed with the supplier' });
    assert.equal(allowed.status, 303);
    const page = decode((await as.ap_admin!.get(`/invoices/${id}`)).text);
    assert.match(page, /Allowed to go on by [^,]+, [\d/]+, [\d:]+ UTC: <q>Rounding agreed with the supplier<\/q>/);
    const [event] = await t.db.sql`select action, reason, actor_id from invoice_events where invoice_id = ${id} order by id desc limit 1`;
    assert.deepEqual({ action: event!.action, reason: event!.reason }, { action: 'note', reason: 'Allowed to go on despite failing EN 16931 validation (BR-CO-15): Rounding agreed with the supplier' });
    await as.ap_specialist!.get(`/invoices/${id}`);
    assert.equal((await as.ap_specialist!.post(`/invoices/${id}/status-changes`, { action: 'mark_ready' })).status, 303);
  });

  it('holds back an invoice without a seller name before its validation has even run (FatturaPA, the same policy)', async () => {
    const ids = await upload(corpusText(FATTURAPA).replace(/<Denominazione>[^<]*<\/Denominazione>/, ''), 'it.xml');
    await t.db.sql`update invoices set status = 'in_review' where id = ${ids[0]}`;
    await as.ap_specialist!.get(`/invoices/${ids[0]}`);
    const refused = await as.ap_specialist!.post(`/invoices/${ids[0]}/status-changes`, { action: 'mark_ready' });
    assert.equal(refused.status, 409);
    assert.match(decode(refused.text), /it lacks the seller name \(BT-27\), which EN 16931 makes mandatory/);
    await validate(ids);
    const page = decode((await as.ap_specialist!.get(`/invoices/${ids[0]}`)).text);
    assert.match(page, /<strong>BR-06<\/strong> <span class="badge severity-fatal">Fatal<\/span> An Invoice shall contain the Seller name \(BT-27\)\./);
    assert.match(page, /<a href="#party-supplier">BT-27 Supplier name<\/a>/);
  });

  it('never calls an invoice valid when a rule stopped with an error, and "Check again" queues it anew', async () => {
    const [id] = await upload(corpusText(UBL_PLAIN));
    const broken = edit(corpusText(UBL_PLAIN), '<cbc:PayableAmount currencyID="EUR">250.33</cbc:PayableAmount>', '<cbc:PayableAmount currencyID="EUR">abc</cbc:PayableAmount>');
    await storeResults(t.db.sql, [{ invoiceId: id, result: await pool.validate(broken) }]);
    const page = decode((await as.ap_specialist!.get(`/invoices/${id}`)).text);
    assert.match(page, /Could not be validated: EN 16931 1\.3\.16 \(en16931-ubl\) stopped with an error: .*FORG0001.*\. This invoice has not been shown to be valid\./);
    assert.doesNotMatch(page, /Valid against/);
    const again = await as.ap_specialist!.post(`/invoices/${id}/validation`, {});
    assert.equal(again.status, 303);
    const [row] = await t.db.sql`select state from invoice_validations where invoice_id = ${id}`;
    assert.equal(row!.state, 'pending');
    assert.match((await as.ap_specialist!.get(`/invoices/${id}`)).text, /Checking against EN 16931…/);
  });

  it('takes an invoice that became Ready by itself back to In review when the rules find a fatal problem', async () => {
    const [id] = await upload(BAD_TOTAL(corpusText(UBL_PLAIN)));
    await t.db.sql`update invoices set status = 'ready' where id = ${id}`;
    await validate([id]);
    const [row] = await t.db.sql`select status from invoices where id = ${id}`;
    assert.equal(row!.status, 'in_review');
    const [event] = await t.db.sql`select from_status, to_status, reason, actor_id from invoice_events where invoice_id = ${id} order by id desc limit 1`;
    assert.deepEqual({ ...event }, { fromStatus: 'ready', toStatus: 'in_review', reason: 'Fails EN 16931 validation (BR-CO-15).', actorId: null });
  });
});
