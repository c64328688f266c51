import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeDocument } from '../../src/invoices/store';
import { createLogger } from '../../src/logger';
import { ValidationPool } from '../../src/validation/pool';
import { validateInvoices } from '../../src/validation/service';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { numbersIn } from '../invoices/helpers';
import { corpusText, edit, UBL_PLAIN } from './helpers';

const withNumber = (xml: string, n: string) => edit(xml, '<cbc:ID>12115118</cbc:ID>', `<cbc:ID>${n}</cbc:ID>`);
const badTotal = (xml: string) =>
  edit(xml, /<cbc:TaxInclusiveAmount currencyID="EUR">250.33<\/cbc:TaxInclusiveAmount>\s*<cbc:PayableAmount currencyID="EUR">250.33</, '<cbc:TaxInclusiveAmount currencyID="EUR">250.43</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">250.43<');
const badLineSum = (xml: string) => edit(xml, '<cbc:LineExtensionAmount currencyID="EUR">229.60</cbc:LineExtensionAmount>', '<cbc:LineExtensionAmount currencyID="EUR">229.70</cbc:LineExtensionAmount>');

describe('validation > My Invoices, Document Groups and the dashboard', () => {
  const t = useTestApp();
  let pool: ValidationPool;
  let admin: Browserless;
  const groupOf = async (number: string) => {
    const [row] = await t.db.sql`select g.name from invoices i join invoice_groups ig on ig.invoice_id = i.id left join document_groups g on g.id = ig.group_id where i.invoice_number = ${number}`;
    return row?.name ?? null;
  };

  before(async () => {
    pool = new ValidationPool({ threads: 1 });
    const user = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    admin = new Browserless(t.app.url);
    await admin.signIn(user.email, user.password);
    // Priority order: totals problems first, then anything else failing, then what passes.
    const conditions = [
      ['Totals problems', { join: 'and', children: [{ field: 'rule', op: 'contains', value: 'BR-CO' }] }],
      ['Failing', { join: 'and', children: [{ field: 'validation', op: 'equals', value: 'fails' }] }],
      ['Passing', { join: 'and', children: [{ field: 'validation', op: 'equals', value: 'Passes' }] }],
      ['Waiting', { join: 'and', children: [{ field: 'validation', op: 'equals', value: 'pending' }] }],
    ] as const;
    for (const [i, [name, c]] of conditions.entries()) {
      await t.db.sql`insert into document_groups (name, priority, conditions) values (${name}, ${i + 1}, ${t.db.sql.json(c)})`;
    }
    const ubl = corpusText(UBL_PLAIN);
    const files = [withNumber(ubl, 'V-OK'), withNumber(badTotal(ubl), 'V-TOTAL'), withNumber(badLineSum(ubl), 'V-LINES'), withNumber(edit(ubl, '<cbc:RegistrationName>De Koksmaat</cbc:RegistrationName>', ''), 'V-SELLER')];
    const ids: number[] = [];
    for (const xml of files) ids.push(...(await storeDocument(t.db.sql, { source: 'upload', bytes: new TextEncoder().encode(xml), filename: 'v.xml' }, { maxBytes: 1e7 })).invoiceIds);
    assert.equal(await groupOf('V-TOTAL'), 'Waiting');
    await pool.ready();
    await validateInvoices({ sql: t.db.sql, pool, log: createLogger('silent') }, ids);
  });
  after(() => pool.close());

  it('routes invoices by "Validation" (Fails/Passes/Pending) and "Rule" Contains once they are validated', async () => {
    assert.deepEqual(
      { ok: await groupOf('V-OK'), total: await groupOf('V-TOTAL'), lines: await groupOf('V-LINES'), seller: await groupOf('V-SELLER') },
      { ok: 'Passing', total: 'Totals problems', lines: 'Totals problems', seller: 'Failing' },
    );
  });

  it('filters My Invoices to "Fails validation" and flags those rows', async () => {
    const page = await admin.get('/invoices?flagged=invalid');
    assert.equal(page.status, 200);
    assert.deepEqual(numbersIn(page.text).sort(), ['V-LINES', 'V-SELLER', 'V-TOTAL']);
    assert.match(page.text, /<option value="invalid" selected="">Fails validation<\/option>/);
    const all = await admin.get('/invoices');
    const okRow = new RegExp(`V-OK</a>.*?</tr>`, 's').exec(all.text)![0];
    const badRow = new RegExp(`V-TOTAL</a>.*?</tr>`, 's').exec(all.text)![0];
    assert.doesNotMatch(okRow, /Fails validation/);
    assert.match(badRow, /<span class="flag dup" title="Fatal EN 16931 findings">Fails validation<\/span>/);
  });

  it('counts open invoices failing by rule on the dashboard', async () => {
    const page = await admin.get('/');
    const card = /<section class="card" aria-labelledby="d-validation">.*?<\/section>/s.exec(page.text)?.[0] ?? '';
    const counts = [...card.matchAll(/<li data-rule="([^"]+)"><strong>(\d+)<\/strong>/g)].map((m) => `${m[1]}=${m[2]}`);
    assert.deepEqual(counts, ['BR-06=1', 'BR-CO-10=1', 'BR-CO-13=1', 'BR-CO-15=1']);
    assert.match(card, /href="\/invoices\?flagged=invalid"/);
  });
});
