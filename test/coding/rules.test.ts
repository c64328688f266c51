import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyCodingRules } from '../../src/coding/apply-rules';
import { useTestDatabase } from '../helpers/database';
import { codingsOf, makeCode, makeCompany, makeInvoice, makeRule } from './factory';

describe('coding rules', () => {
  const t = useTestDatabase();
  let company: number;
  let other: number;

  before(async () => {
    company = await makeCompany(t.db.sql);
    other = await makeCompany(t.db.sql);
    for (const co of [company, other]) for (const code of ['1', '2', '3', '4', '5', '6', '7']) await makeCode(t.db.sql, 'gl_accounts', co, code);
    await makeCode(t.db.sql, 'gl_accounts', company, 'OLD', false);
  });

  it('the most specific rule wins, in the documented order', async () => {
    // Setup: one supplier, a rule at every rank
    const supplier = 'IT 0999.888-777';
    const vat = 'IT0999888777';
    const rank = {
      supplier: await makeRule(t.db.sql, { supplier, gl: '6' }),
      company: await makeRule(t.db.sql, { supplier, companyId: company, gl: '5' }),
      text: await makeRule(t.db.sql, { supplier, lineText: 'freight', gl: '4' }),
      textCompany: await makeRule(t.db.sql, { supplier, companyId: company, lineText: 'freight', gl: '3' }),
      item: await makeRule(t.db.sql, { supplier, itemId: 'SKU-1', gl: '2' }),
      itemCompany: await makeRule(t.db.sql, { supplier, companyId: company, itemId: 'sku-1', gl: '1' }),
    };
    const invoice = await makeInvoice(t.db.sql, { companyId: company, sellerVatId: vat }, [
      { name: 'Freight charge', sellerItemId: 'SKU-1' },
      { name: 'Freight charge' },
      { name: 'Paper' },
    ]);
    const elsewhere = await makeInvoice(t.db.sql, { companyId: other, sellerVatId: vat }, [
      { name: 'Freight', sellerItemId: 'SKU-1' },
      { name: 'Freight' },
      { name: 'Paper' },
    ]);
    // Action
    await applyCodingRules(t.db.sql, [invoice.id, elsewhere.id]);
    // Assertions
    const rules = async (ids: number[]) => Promise.all(ids.map(async (id) => (await codingsOf(t.db.sql, id))[0]?.ruleId));
    assert.deepEqual(await rules(invoice.lineIds), [rank.itemCompany, rank.textCompany, rank.company]);
    assert.deepEqual(await rules(elsewhere.lineIds), [rank.item, rank.text, rank.supplier]);
    assert.equal((await codingsOf(t.db.sql, invoice.lineIds[0]!))[0]!.gl, '1');
    const [used] = await t.db.sql<{ timesUsed: number; lastUsedAt: Date | null }[]>`select times_used, last_used_at from coding_rules where id = ${rank.company}`;
    assert.equal(used!.timesUsed, 1);
    assert.ok(used!.lastUsedAt);
  });

  it('matches the supplier by name when the VAT id differs, and passes over a rule whose code is deactivated', async () => {
    const skipped = await makeRule(t.db.sql, { supplier: 'Name Only GmbH', companyId: company, gl: 'OLD' });
    const fallback = await makeRule(t.db.sql, { supplier: 'name only gmbh', gl: '7' });
    const invoice = await makeInvoice(t.db.sql, { companyId: company, sellerName: 'Name Only  GmbH', sellerVatId: null }, [{}]);
    await applyCodingRules(t.db.sql, [invoice.id]);
    const [coding] = await codingsOf(t.db.sql, invoice.lineIds[0]!);
    assert.equal(coding!.ruleId, fallback);
    assert.notEqual(coding!.ruleId, skipped);
  });

  it('codes from the last invoice of the same supplier only when no fixed rule applies, and never recodes manual lines', async () => {
    const vat = 'DE111222333';
    await makeRule(t.db.sql, { kind: 'last_invoice', supplier: vat, companyId: company });
    const earlier = await makeInvoice(t.db.sql, { companyId: company, sellerVatId: vat, receivedAt: new Date('2026-01-01') }, [{ name: 'Toner', sellerItemId: 'T-9' }]);
    const [gl3] = await t.db.sql<{ id: number }[]>`select id::int from gl_accounts where company_id = ${company} and code = '3'`;
    await t.db.sql`insert into invoice_line_codings (invoice_line_id, position, amount, gl_account_id, source) values (${earlier.lineIds[0]!}, 0, 100, ${gl3!.id}, 'manual')`;
    const invoice = await makeInvoice(t.db.sql, { companyId: company, sellerVatId: vat }, [{ name: 'Toner black', sellerItemId: 'T-9' }, { name: 'Something else' }]);
    await t.db.sql`insert into invoice_line_codings (invoice_line_id, position, amount, gl_account_id, source) values (${invoice.lineIds[1]!}, 0, 100, ${gl3!.id}, 'manual')`;
    await applyCodingRules(t.db.sql, [invoice.id]);
    const [first] = await codingsOf(t.db.sql, invoice.lineIds[0]!);
    assert.equal(first!.gl, '3');
    assert.equal(first!.source, 'last_invoice');
    assert.equal((await codingsOf(t.db.sql, invoice.lineIds[1]!))[0]!.source, 'manual');
  });

  it('carries a split line of the last invoice over as the same proportions of the new amount', async () => {
    const vat = 'SE556677889901';
    await makeRule(t.db.sql, { kind: 'last_invoice', supplier: vat, companyId: company });
    const earlier = await makeInvoice(t.db.sql, { companyId: company, sellerVatId: vat, receivedAt: new Date('2026-01-01') }, [{ name: 'Cleaning', netAmount: '300.00' }]);
    const gl = async (code: string) => (await t.db.sql<{ id: number }[]>`select id::int from gl_accounts where company_id = ${company} and code = ${code}`)[0]!.id;
    // split by amount there: 200 on account 1, 100 on account 2 (two thirds, one third)
    await t.db.sql`
      insert into invoice_line_codings (invoice_line_id, position, amount, gl_account_id, source)
      values (${earlier.lineIds[0]!}, 0, 200, ${await gl('1')}, 'manual'), (${earlier.lineIds[0]!}, 1, 100, ${await gl('2')}, 'manual')`;
    const invoice = await makeInvoice(t.db.sql, { companyId: company, sellerVatId: vat }, [{ name: 'Cleaning', netAmount: '100.00' }]);
    await applyCodingRules(t.db.sql, [invoice.id]);
    const parts = await codingsOf(t.db.sql, invoice.lineIds[0]!);
    assert.deepEqual(parts.map((p) => [p.gl, p.amount, p.source]), [['1', '66.67', 'last_invoice'], ['2', '33.33', 'last_invoice']]);
  });
});
