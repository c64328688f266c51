/*
 * Invoices as a clerk meets them, for the invoice page's layout and flow tests: a long supplier
 * name, amounts in the millions with many decimals, an IBAN, an order that is not in apdesk,
 * due 45 days ago; plus a company with GL accounts and a group the users work in.
 */
import type { Db } from '../../src/db/connection';
import { matchInvoices } from '../../src/matching/match-invoices';
import { makeCode, makeCompany, makeInvoice } from '../coding/factory';

export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

export async function clerksWorld(db: Db) {
  const company = await makeCompany(db, 'Acme Italia S.r.l.');
  await makeCode(db, 'gl_accounts', company, '6000');
  await makeCode(db, 'gl_accounts', company, '6100');
  await makeCode(db, 'cost_centres', company, 'CC-NORTH');
  const [g] = await db<{ id: number }[]>`
    insert into document_groups (name, priority, conditions) values (${`Italy ${Date.now()}`}, (select coalesce(max(priority), 0) + 1 from document_groups), '{"join":"and","children":[]}') returning id::int`;
  return { company, group: g!.id };
}

type Big = { number: string; supplier: string; orderReference?: string | null; status?: string; receivedAt?: Date; dueDaysAgo?: number };

/** An invoice with three lines and big, precise amounts: 1,450,270.27 EUR due. */
export async function bigInvoice(db: Db, world: { company: number; group: number }, b: Big) {
  const invoice = await makeInvoice(
    db,
    { companyId: world.company, documentGroupId: world.group, sellerName: b.supplier, orderReference: b.orderReference === undefined ? 'OA-2026-48251' : b.orderReference, status: b.status ?? 'in_review', receivedAt: b.receivedAt },
    [
      { name: 'Hydraulic press frame, welded steel S355, machined to drawing 48251-A rev. 3', quantity: '1250.000', unitPrice: '863.216', netAmount: '1079020.00', sellerItemId: 'HPF-48251-A' },
      { name: 'Installation and commissioning on site (two technicians, travel included)', quantity: '312.50', unitPrice: '188.8000', netAmount: '59000.00' },
      { name: 'Transport', quantity: '1', unitPrice: '50.00', netAmount: '50.00' },
    ],
  );
  await db`
    update invoices set invoice_number = ${b.number}, due_date = ${daysAgo(b.dueDaysAgo ?? 45)}::date, issue_date = ${daysAgo((b.dueDaysAgo ?? 45) + 30)}::date,
      line_net_amount = 1138070.00, tax_exclusive_amount = 1138070.00, tax_amount = 250375.40, tax_inclusive_amount = 1388445.40,
      prepaid_amount = 0, payable_amount = 1388445.40, payee_iban = 'IT60 X054 2811 1010 0000 0123 456', payment_terms = 'Bonifico 30 giorni data fattura',
      buyer_name = 'Acme Italia S.r.l.', seller_vat_id = 'IT01234567890', buyer_reference = 'RIF-ACQ-2026-000917'
    where id = ${invoice.id}`;
  await db`update invoice_lines set tax_category = 'S', tax_rate = 22 where invoice_id = ${invoice.id}`;
  await db`
    insert into invoice_tax_breakdowns (invoice_id, position, category, rate, taxable_amount, tax_amount)
    values (${invoice.id}, 0, 'S', 22, 1138070.00, 250375.40)`;
  if (invoice) await matchInvoices(db, [invoice.id]);
  return invoice;
}
