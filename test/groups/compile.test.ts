import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { compileGroup, groupSubjects } from '../../src/groups/compile';
import { ConditionsSchema } from '../../src/groups/conditions';
import { useTestDatabase } from '../helpers/database';
import { and, makeCompany, makeInvoice, or, row, type InvoiceAttrs } from './factory';

describe('the condition compiler', () => {
  const t = useTestDatabase();

  /** The ids among `ids` that the conditions match, compiled to SQL and run. */
  async function matching(ids: number[], conditions: object): Promise<number[]> {
    const parsed = v.parse(ConditionsSchema, conditions);
    const rows = await t.db.sql<{ id: number }[]>`
      select i.id::int from ${groupSubjects(t.db.sql, t.db.sql`i.id = any(${ids}::bigint[])`)} where ${compileGroup(t.db.sql, parsed)} order by i.id`;
    return rows.map((r) => r.id);
  }

  async function invoices(attr: keyof InvoiceAttrs, values: (string | null)[]): Promise<number[]> {
    const ids: number[] = [];
    for (const value of values) ids.push(await makeInvoice(t.db.sql, { [attr]: value }));
    return ids;
  }

  const TEXT_FIELDS = [
    ['supplier', 'sellerName'],
    ['supplierVatId', 'sellerVatId'],
    ['buyerReference', 'buyerReference'],
    ['orderReference', 'orderReference'],
  ] as const;

  for (const [field, attr] of TEXT_FIELDS) {
    it(`${field}: every text operator, case-insensitively, blanks included`, async () => {
      const [a, b, c, d, e] = await invoices(attr, ['Acme Italia', 'ACME GmbH', 'Beta_Co 100%', null, '  ']);
      const ids = [a!, b!, c!, d!, e!];
      const check = async (op: string, value: string, expected: number[]) =>
        assert.deepEqual(await matching(ids, and(row(field, op, value))), expected, `${field} ${op} ${value}`);
      await check('equals', 'acme italia', [a!]);
      await check('not_equals', 'ACME ITALIA', [b!, c!, d!, e!]);
      await check('contains', 'cMe', [a!, b!]);
      await check('does_not_contain', 'acme', [c!, d!, e!]);
      await check('starts_with', 'ac', [a!, b!]);
      await check('starts_with', 'A-B', [a!, b!, c!]);
      await check('starts_with', 'b-z', [c!]);
      await check('is_blank', '', [d!, e!]);
      await check('is_not_blank', '', [a!, b!, c!]);
      await check('in_list', 'acme gmbh, BETA_CO 100%', [b!, c!]);
    });
  }

  it('treats LIKE wildcards and backslashes in values as plain characters', async () => {
    const ids = await invoices('sellerName', ['Beta_Co 100%', 'Betaxco 1000', 'Acme', 'back\\slash']);
    assert.deepEqual(await matching(ids, and(row('supplier', 'contains', '_'))), [ids[0]!]);
    assert.deepEqual(await matching(ids, and(row('supplier', 'contains', '%'))), [ids[0]!]);
    assert.deepEqual(await matching(ids, and(row('supplier', 'contains', 'a_c'))), [ids[0]!]);
    assert.deepEqual(await matching(ids, and(row('supplier', 'starts_with', '%'))), []);
    assert.deepEqual(await matching(ids, and(row('supplier', 'contains', '\\'))), [ids[3]!]);
    assert.deepEqual(await matching(ids, and(row('supplier', 'contains', 'a%c'))), []);
  });

  it('keeps injection attempts as values: they match literally and change nothing', async () => {
    const ids = await invoices('sellerName', ["O'Brien Ltd", 'x']);
    const attempts = ["' or 1=1 --", "x'); drop table invoices; --", '$1', "') or ('a'='a", 'x\\', '"; select pg_sleep(1); --'];
    for (const value of attempts) {
      for (const op of ['equals', 'contains', 'starts_with', 'in_list', 'not_equals']) {
        const found = await matching(ids, and(row('supplier', op, value)));
        assert.ok(op === 'not_equals' ? found.length === 2 : found.length === 0, `${op} ${value}`);
      }
    }
    assert.deepEqual(await matching(ids, and(row('supplier', 'equals', "o'brien LTD"))), [ids[0]!]);
    assert.equal((await t.db.sql`select to_regclass('invoices') as t`)[0]!.t, 'invoices');
  });

  it('company: matches the name of the invoice’s company, and blank when there is none', async () => {
    const it_ = await makeCompany(t.db.sql, 'Acme Italia S.r.l.');
    const de = await makeCompany(t.db.sql, 'Acme GmbH');
    const ids = [
      await makeInvoice(t.db.sql, { companyId: it_ }),
      await makeInvoice(t.db.sql, { companyId: de }),
      await makeInvoice(t.db.sql, { companyId: null }),
    ];
    const check = async (op: string, value: string, expected: number[]) =>
      assert.deepEqual(await matching(ids, and(row('company', op, value))), expected, `company ${op} ${value}`);
    await check('equals', 'acme italia s.r.l.', [ids[0]!]);
    await check('not_equals', 'Acme Italia S.r.l.', [ids[1]!, ids[2]!]);
    await check('contains', 'gmbh', [ids[1]!]);
    await check('does_not_contain', 'italia', [ids[1]!, ids[2]!]);
    await check('starts_with', 'acme i', [ids[0]!]);
    await check('starts_with', 'A-A', [ids[0]!, ids[1]!]);
    await check('is_blank', '', [ids[2]!]);
    await check('is_not_blank', '', [ids[0]!, ids[1]!]);
    await check('in_list', 'Acme GmbH, Nobody AB', [ids[1]!]);
  });

  it('supplier country and currency: equals, not equals, in list, blank', async () => {
    for (const [field, attr] of [['supplierCountry', 'sellerCountry'], ['currency', 'currency']] as const) {
      const ids = await invoices(attr, ['IT', 'de', null]);
      assert.deepEqual(await matching(ids, and(row(field, 'equals', 'it'))), [ids[0]!]);
      assert.deepEqual(await matching(ids, and(row(field, 'not_equals', 'IT'))), [ids[1]!, ids[2]!]);
      assert.deepEqual(await matching(ids, and(row(field, 'in_list', 'IT; DE'))), [ids[0]!, ids[1]!]);
      assert.deepEqual(await matching(ids, and(row(field, 'is_blank'))), [ids[2]!]);
      assert.deepEqual(await matching(ids, and(row(field, 'is_not_blank'))), [ids[0]!, ids[1]!]);
    }
  });

  it('invoice number: the text operators that fit a required field', async () => {
    for (const [field, attr] of [['invoiceNumber', 'invoiceNumber']] as const) {
      const ids = await invoices(attr, [`IT-2026-${field}-1`, `it-2026-${field}-2`, `DE-${field}-9`]);
      assert.deepEqual(await matching(ids, and(row(field, 'equals', `IT-2026-${field}-1`.toLowerCase()))), [ids[0]!]);
      assert.deepEqual(await matching(ids, and(row(field, 'not_equals', `IT-2026-${field}-1`))), [ids[1]!, ids[2]!]);
      assert.deepEqual(await matching(ids, and(row(field, 'contains', '2026'))), [ids[0]!, ids[1]!]);
      assert.deepEqual(await matching(ids, and(row(field, 'does_not_contain', '2026'))), [ids[2]!]);
      assert.deepEqual(await matching(ids, and(row(field, 'starts_with', 'I-I'))), [ids[0]!, ids[1]!]);
      assert.deepEqual(await matching(ids, and(row(field, 'in_list', `de-${field}-9`))), [ids[2]!]);
    }
  });

  it('total amount compares as a decimal, never as a float', async () => {
    const ids = await invoices('payableAmount', ['0.3', '100.00', '12345678901234567.89', '-5.50', null]);
    const check = async (op: string, value: string, expected: (number | undefined)[]) =>
      assert.deepEqual(await matching(ids, and(row('totalAmount', op, value))), expected, `amount ${op} ${value}`);
    await check('equals', '0.30', [ids[0]]);
    await check('equals', '100', [ids[1]]);
    await check('not_equals', '100.000', [ids[0], ids[2], ids[3], ids[4]]);
    await check('greater_than', '12345678901234567.88', [ids[2]]);
    await check('greater_than', '12345678901234567.89', []);
    await check('less_than', '0', [ids[3]]);
    await check('less_than', '0.30000001', [ids[0], ids[3]]);
    await check('in_list', '0.3, -5.5', [ids[0], ids[3]]);
    await check('is_blank', '', [ids[4]]);
    await check('is_not_blank', '', [ids[0], ids[1], ids[2], ids[3]]);
  });

  it('issue date compares as a date', async () => {
    const ids = await invoices('issueDate', ['2026-01-31', '2026-02-01', '2025-12-31']);
    assert.deepEqual(await matching(ids, and(row('issueDate', 'equals', '2026-02-01'))), [ids[1]!]);
    assert.deepEqual(await matching(ids, and(row('issueDate', 'not_equals', '2026-02-01'))), [ids[0]!, ids[2]!]);
    assert.deepEqual(await matching(ids, and(row('issueDate', 'greater_than', '2026-01-31'))), [ids[1]!]);
    assert.deepEqual(await matching(ids, and(row('issueDate', 'less_than', '2026-01-01'))), [ids[2]!]);
    assert.deepEqual(await matching(ids, and(row('issueDate', 'in_list', '2025-12-31, 2026-01-31'))), [ids[0]!, ids[2]!]);
  });

  it('status: equals, not equals and in list, by key or label', async () => {
    const ids = await invoices('status', ['received', 'in_review', 'approved']);
    assert.deepEqual(await matching(ids, and(row('status', 'equals', 'In review'))), [ids[1]!]);
    assert.deepEqual(await matching(ids, and(row('status', 'not_equals', 'received'))), [ids[1]!, ids[2]!]);
    assert.deepEqual(await matching(ids, and(row('status', 'in_list', 'Received, APPROVED'))), [ids[0]!, ids[2]!]);
  });

  it('choice fields: invScannedBy, document type and format', async () => {
    const pagero = await makeInvoice(t.db.sql, { invScannedBy: 'Pagero', documentType: 'credit_note', format: 'fatturapa' });
    const upload = await makeInvoice(t.db.sql, { invScannedBy: 'Upload', documentType: 'invoice', format: 'cii' });
    const ids = [pagero, upload];
    assert.deepEqual(await matching(ids, and(row('invScannedBy', 'equals', 'Pagero'))), [pagero]);
    assert.deepEqual(await matching(ids, and(row('invScannedBy', 'not_equals', 'pagero'))), [upload]);
    assert.deepEqual(await matching(ids, and(row('documentType', 'equals', 'credit_note'))), [pagero]);
    assert.deepEqual(await matching(ids, and(row('documentType', 'not_equals', 'credit_note'))), [upload]);
    assert.deepEqual(await matching(ids, and(row('format', 'equals', 'CII'))), [upload]);
    assert.deepEqual(await matching(ids, and(row('format', 'not_equals', 'cii'))), [pagero]);
  });

  it('nests both ways: (A and B) or C differs from A and (B or C)', async () => {
    const A = row('currency', 'equals', 'EUR');
    const B = row('supplierCountry', 'equals', 'IT');
    const C = row('totalAmount', 'greater_than', '1000');
    const eurIt = await makeInvoice(t.db.sql, { currency: 'EUR', sellerCountry: 'IT', payableAmount: '10' });
    const sekBig = await makeInvoice(t.db.sql, { currency: 'SEK', sellerCountry: 'SE', payableAmount: '5000' });
    const eurDeBig = await makeInvoice(t.db.sql, { currency: 'EUR', sellerCountry: 'DE', payableAmount: '5000' });
    const eurDe = await makeInvoice(t.db.sql, { currency: 'EUR', sellerCountry: 'DE', payableAmount: '10' });
    const ids = [eurIt, sekBig, eurDeBig, eurDe];
    assert.deepEqual(await matching(ids, or(and(A, B), C)), [eurIt, sekBig, eurDeBig]);
    assert.deepEqual(await matching(ids, and(A, or(B, C))), [eurIt, eurDeBig]);
    assert.deepEqual(await matching(ids, and(A, or(B, and(C, row('supplier', 'is_not_blank'))))), [eurIt, eurDeBig]);
  });

  it('sends every typed value as a bind parameter, never as SQL text', async () => {
    const parsed = v.parse(ConditionsSchema, and(row('supplier', 'equals', "x' or '1'='1"), row('totalAmount', 'greater_than', '5')));
    const query = t.db.sql`select 1 from ${groupSubjects(t.db.sql, t.db.sql`true`)} where ${compileGroup(t.db.sql, parsed)}`;
    const described = await query.describe();
    assert.doesNotMatch(described.string, /or '1'='1/);
    assert.doesNotMatch(described.string, /> 5/);
    assert.equal(described.types.length, 2);
  });
});
