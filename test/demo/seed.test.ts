/*
 * The demo seed against a real database: its purchase orders are derived from the sandbox's
 * own invoices; each company is seeded once even by two seeds at once; nothing that exists is
 * overwritten; invoices imported before the seed are coded and matched by it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildDemoPlan, type DemoPlan } from '../../src/demo/plan';
import { seedDemoCompanies } from '../../src/demo/seed';
import { DEMO_DEFINITIONS } from '../../src/demo/definitions';
import { storeDocument } from '../../src/invoices/store';
import { readEInvoice } from '../../src/einvoice/index';
import { upsertListedCompanies } from '../../src/pagero/companies';
import { DEMO_COMPANIES, DEMO_COMPANY_IDS, generateDemoDocuments } from '../../src/pagero-sandbox/seed-demo';
import type { NewDocument } from '../../src/pagero-sandbox/types';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('the demo plan', () => {
  const documents = generateDemoDocuments({ referenceTime: NOW });
  const plan = buildDemoPlan(documents);

  it('orders what the sandbox invoices name, for the rule suppliers only, with every variant matching shows', () => {
    const references = new Map<string, Set<string>>();
    for (const doc of documents) {
      const read = readEInvoice(doc.targetDocument());
      if (!read.ok) continue;
      for (const invoice of read.invoices) {
        if (invoice.orderReference) references.set(doc.companyId, (references.get(doc.companyId) ?? new Set()).add(`${invoice.seller.name}|${invoice.orderReference}`));
      }
    }
    for (const [companyId, company] of plan) {
      const rule = DEMO_DEFINITIONS[companyId]!.rule;
      for (const { order } of company.purchaseOrders) {
        assert.ok(references.get(companyId)?.has(`${rule!.supplier}|${order.poNumber}`), `${order.poNumber} is an order the rule supplier's invoice names`);
      }
    }
    const italy = plan.get(DEMO_COMPANY_IDS.italy)!.purchaseOrders;
    const germany = plan.get(DEMO_COMPANY_IDS.germany)!.purchaseOrders;
    assert.ok(italy.length >= 5 && germany.length >= 5, `${italy.length} and ${germany.length} orders`);
    assert.deepEqual(italy.slice(0, 2).map((p) => p.variant), ['price_difference', 'within_tolerance']);
    assert.deepEqual(germany.slice(0, 2).map((p) => p.variant), ['not_received', 'price_difference']);
    assert.ok(italy.every((p) => p.receipt === null), '2-way: no goods receipts');
    assert.ok(germany.every((p) => (p.receipt === null) === (p.variant === 'not_received')), '3-way: received in full but the newest');
    assert.equal(plan.get(DEMO_COMPANY_IDS.sweden)!.purchaseOrders.length, 0);
  });
});

describe('seeding the demo companies', () => {
  let db: TestDatabase;
  let plan: DemoPlan;
  let documents: NewDocument[];
  before(async () => {
    db = await createTestDatabase();
    documents = generateDemoDocuments({ referenceTime: NOW });
    plan = buildDemoPlan(documents);
  });
  after(async () => {
    await db?.close();
  });

  it('seeds nothing before the E-invoicing Login has found a company', async () => {
    assert.deepEqual(await seedDemoCompanies(db.sql, plan), []);
    assert.equal((await db.sql`select 1 from demo_seeds`).length, 0);
  });

  it('codes and matches the invoices imported before it, seeds each company once even twice at once, and keeps what exists', async () => {
    const ids = await upsertListedCompanies(db.sql, DEMO_COMPANIES);
    const companyOf = new Map(DEMO_COMPANIES.map((c, i) => [c.id, ids[i]!]));
    const italy = companyOf.get(DEMO_COMPANY_IDS.italy)!;
    await db.sql`insert into gl_accounts (company_id, code, name) values (${italy}, '62020', 'Our own cleaning account')`;
    // The invoices arrive first (a demo company seeded after its first sync).
    for (const doc of documents.filter((d) => d.companyId !== DEMO_COMPANY_IDS.sweden && d.documentInfo.documentType === 'Invoice')) {
      await storeDocument(db.sql, { source: 'pagero', bytes: doc.targetDocument(), pageroDocumentId: doc.id, companyId: companyOf.get(doc.companyId)! }, { maxBytes: 20 * 1024 * 1024 });
    }
    assert.equal((await db.sql`select 1 from invoice_line_codings`).length, 0, 'no rule yet');

    const [a, b] = await Promise.all([seedDemoCompanies(db.sql, plan), seedDemoCompanies(db.sql, plan)]);
    const seeded = [...a!, ...b!];
    assert.deepEqual(seeded.map((r) => r.company).sort(), DEMO_COMPANIES.map((c) => c.name).sort(), 'each company once');
    assert.deepEqual(await seedDemoCompanies(db.sql, plan), [], 'and never again');

    const [counts] = await db.sql<{ rules: number; orders: number; receipts: number }[]>`
      select (select count(*)::int from coding_rules) as rules, (select count(*)::int from purchase_orders where source = 'demo') as orders,
             (select count(*)::int from goods_receipts where source = 'demo') as receipts`;
    const planned = [...plan.values()].flatMap((c) => c.purchaseOrders);
    assert.deepEqual(counts, { rules: 2, orders: planned.length, receipts: planned.filter((p) => p.receipt).length });
    const [kept] = await db.sql<{ name: string }[]>`select name from gl_accounts where company_id = ${italy} and code = '62020'`;
    assert.equal(kept!.name, 'Our own cleaning account');

    const outcomes = await db.sql<{ mode: string; outcome: string }[]>`
      select distinct mode, outcome from invoice_line_matches where purchase_order_line_id is not null order by 1, 2`;
    assert.deepEqual(outcomes.map((o) => `${o.mode}:${o.outcome}`), [
      'three_way:matched', 'three_way:not_received', 'three_way:price_variance', 'two_way:matched', 'two_way:price_variance',
    ]);
    const [tolerance] = await db.sql`select 1 from invoice_line_matches where mode = 'two_way' and outcome = 'matched' and price_variance_percent > 0`;
    assert.ok(tolerance, 'a line 1 % over the ordered price, within the 2 % tolerance');
    const [ready] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from invoices i join invoice_automation a on a.invoice_id = i.id
      where i.status = 'ready' and a.ready_touchless and nullif(i.order_reference, '') is not null`;
    assert.ok(ready!.n >= 5, `${ready!.n} matched, rule-coded invoices reached Ready by themselves`);
  });
});
