/* Issue 13 item 18 / issue 14 item 4: one policy for EN 16931's mandatory content, the same in UBL, CII and FatturaPA. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeDocument } from '../../src/invoices/store';
import { createLogger } from '../../src/logger';
import { ValidationPool } from '../../src/validation/pool';
import { validateInvoices } from '../../src/validation/service';
import { useTestDatabase } from '../helpers/database';
import { CII_PLAIN, corpusText, FATTURAPA, UBL_PLAIN } from './helpers';

const NO_LINES = {
  ubl: () => corpusText(UBL_PLAIN).replace(/<cac:InvoiceLine>[\s\S]*<\/cac:InvoiceLine>/, ''),
  cii: () => corpusText(CII_PLAIN).replace(/<ram:IncludedSupplyChainTradeLineItem>[\s\S]*<\/ram:IncludedSupplyChainTradeLineItem>/, ''),
  fatturapa: () => corpusText(FATTURAPA).replace(/<DettaglioLinee>[\s\S]*?<\/DettaglioLinee>/g, ''),
};
const NO_NUMBER = {
  ubl: () => corpusText(UBL_PLAIN).replace('<cbc:ID>12115118</cbc:ID>', ''),
  cii: () => corpusText(CII_PLAIN).replace(/(<rsm:ExchangedDocument>\s*)<ram:ID>[^<]*<\/ram:ID>/, '$1'),
  fatturapa: () => corpusText(FATTURAPA).replace(/<Numero>[^<]*<\/Numero>/, ''),
};

describe('validation > one policy for missing mandatory content across UBL, CII and FatturaPA', () => {
  const t = useTestDatabase();
  let pool: ValidationPool;
  before(async () => {
    pool = new ValidationPool({ threads: 1 });
    await pool.ready();
  });
  after(() => pool.close());
  const store = (xml: string) => storeDocument(t.db.sql, { source: 'upload', bytes: new TextEncoder().encode(xml), filename: 'm.xml' }, { maxBytes: 1e7 });

  it('keeps and shows an invoice without lines, with the fatal finding BR-16, whatever its syntax', async () => {
    for (const [syntax, make] of Object.entries(NO_LINES)) {
      const stored = await store(make());
      assert.ok(stored.invoiceIds.length >= 1, `${syntax} was imported`);
      await validateInvoices({ sql: t.db.sql, pool, log: createLogger('silent') }, stored.invoiceIds);
      const rules = await t.db.sql`select distinct rule_id from invoice_validation_findings where invoice_id = ${stored.invoiceIds[0]!} and severity = 'fatal'`;
      assert.ok(rules.some((r) => r.ruleId === 'BR-16'), `${syntax}: ${rules.map((r) => r.ruleId).join(', ')}`);
      const [v] = await t.db.sql`select state, fatal_count > 0 as fails from invoice_validations where invoice_id = ${stored.invoiceIds[0]!}`;
      assert.deepEqual({ ...v }, { state: 'done', fails: true }, syntax);
    }
  });

  it('keeps a document without an invoice number in quarantine with the reason, never as an invoice to approve, whatever its syntax', async () => {
    for (const [syntax, make] of Object.entries(NO_NUMBER)) {
      const stored = await store(make());
      assert.deepEqual(stored.invoiceIds, [], syntax);
      assert.match(stored.quarantined ?? '', /no invoice number/, syntax);
      const [doc] = await t.db.sql`select status, (content is not null or content_zstd is not null) as kept from documents where id = ${stored.documentId}`;
      assert.deepEqual({ ...doc }, { status: 'quarantined', kept: true }, syntax);
    }
  });
});
