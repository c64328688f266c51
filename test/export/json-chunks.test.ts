/*
 * Issue 16 gap: the batch's JSON file is built a chunk of invoices at a time (invoiceDetails,
 * seven queries per chunk) instead of one invoice at a time. The file must be byte for byte what
 * the former one-invoice serializer (reference-invoice-json.ts) wrote, across a chunk boundary,
 * with lines, split coding, taxes, approvals (chains and plain status changes), payments and
 * attachments spread over different invoices so that a mix-up between invoices shows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invoiceDetail, invoiceDetails } from '../../src/api/invoice-json';
import { createScheduledBatch } from '../../src/export/batches';
import { batchJson, type BatchForFiles } from '../../src/export/files';
import { makeCompany } from '../coding/factory';
import { useTestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';
import { fixture, insertInvoiceRows, UBL_EXAMPLE } from '../invoices/helpers';
import { approvedInvoice, EXAMPLE2 } from './helpers';
import { referenceInvoiceDetail } from './reference-invoice-json';

async function text(stream: NodeJS.ReadableStream) {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

describe('the export JSON, a chunk at a time', () => {
  const t = useTestDatabase();

  it('writes the same bytes as the one-invoice-at-a-time serializer, across chunks, without mixing invoices up', async () => {
    const sql = t.db.sql;
    const company = await makeCompany(sql, 'Acme Italia');
    const approver = await makeUser(sql, { roles: ['ap_manager'] });
    const rich = [
      await approvedInvoice(sql, company, UBL_EXAMPLE),
      await approvedInvoice(sql, company, EXAMPLE2),
      await approvedInvoice(sql, company, fixture('ubl-with-fatturapa.xml')),
    ];
    // 230 plain invoices more, so the batch spans two of the export's 200-invoice chunks
    await insertInvoiceRows(sql, Array.from({ length: 230 }, (_, n) => ({ number: `PLAIN-${n}`, companyId: company, status: 'approved' })));
    // approvals: a status change on one, a chain with two sign-offs on another; payments on a third
    await sql`insert into invoice_events (invoice_id, actor_id, action, from_status, to_status) values (${rich[0]!}, ${approver.id}, 'status', 'ready', 'approved')`;
    const [chain] = await sql<{ id: number }[]>`insert into approval_chains (invoice_id, rule_name, state) values (${rich[1]!}, 'Over 1,000', 'approved') returning id::int`;
    const [stepA] = await sql<{ id: number }[]>`insert into approval_steps (chain_id, position, label, approver_id) values (${chain!.id}, 1, 'Cost centre owner', ${approver.id}) returning id::int`;
    const other = await makeUser(sql, { roles: ['ap_manager'] });
    const [stepB] = await sql<{ id: number }[]>`insert into approval_steps (chain_id, position, label, approver_id) values (${chain!.id}, 2, 'CFO', ${other.id}) returning id::int`;
    await sql`insert into approval_decisions (chain_id, step_id, user_id, at) values (${chain!.id}, ${stepA!.id}, ${approver.id}, now() - interval '1 hour'), (${chain!.id}, ${stepB!.id}, ${other.id}, now())`;
    await sql`insert into invoice_payments (invoice_id, amount, paid_on, reference, recorded_by_label) values (${rich[2]!}, 100.10, '2026-03-01', 'PAY-1', 'ERP'), (${rich[2]!}, 20.00, '2026-03-05', null, 'ERP')`;

    const created = await createScheduledBatch(sql, company, `${company}:test`);
    assert.equal(created?.invoiceCount, 233);
    const [batch] = await sql<BatchForFiles[]>`select id::int, company_id::int, columns, created_at from export_batches where id = ${created!.id}`;

    const written = await text(batchJson(sql, batch!));

    const ids = (await sql<{ id: number }[]>`select invoice_id::int as id from export_batch_invoices where batch_id = ${batch!.id} order by invoice_id`).map((r) => r.id);
    const reference = [];
    for (const id of ids) reference.push(await referenceInvoiceDetail(sql, id));
    const expected = `{"batch":${JSON.stringify({ id: batch!.id, companyId: company, createdAt: batch!.createdAt.toISOString() })},"invoices":[`
      + reference.map((invoice, n) => `${n === 0 ? '' : ','}\n${JSON.stringify(invoice)}`).join('') + '\n]}\n';
    assert.equal(written, expected);

    // the parts landed on the right invoices (a grouping slip would still be "equal" only if both were wrong)
    const parsed = JSON.parse(written) as { invoices: { id: number; approvals: unknown[]; payments: unknown[]; attachments: unknown[]; lines: { coding: unknown[] }[] }[] };
    const byId = new Map(parsed.invoices.map((i) => [i.id, i]));
    assert.equal(byId.get(rich[0]!)!.approvals.length, 1);
    assert.deepEqual((byId.get(rich[1]!)!.approvals as { step: string }[]).map((a) => a.step), ['Cost centre owner', 'CFO']);
    assert.equal(byId.get(rich[2]!)!.payments.length, 2);
    assert.ok(byId.get(rich[2]!)!.attachments.length > 0);
    assert.ok(byId.get(rich[0]!)!.lines[0]!.coding.length === 2, 'the split first line');

    // the API's one invoice and the batched read agree, in the order asked, unknown ids left out
    const some = [rich[2]!, 999999, rich[0]!];
    assert.deepEqual(await invoiceDetails(sql, some), [await invoiceDetail(sql, rich[2]!), await invoiceDetail(sql, rich[0]!)]);
    assert.deepEqual(await invoiceDetails(sql, []), []);
  });
});
