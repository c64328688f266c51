import { parse } from 'csv-parse/sync';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeCompany, makeGroup } from './helpers';

const HEADER = 'Invoice id,Invoice number,Document type,Supplier,Supplier VAT id,Company,Issue date,Due date,Total,Currency,Status,Status reason,Document group,Possible duplicate of,Warnings,Attachments,Received via,Received at,Net,Tax,Payment terms,IBAN,PO,Coding,Approved by,Approved at';

describe('My Invoices: CSV export', () => {
  const t = useTestApp();
  let accountant: Browserless;
  let clerk: Browserless;
  let ids: number[] = [];
  before(async () => {
    const fa = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const specialist = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    accountant = new Browserless(t.app.url);
    await accountant.signIn(fa.email, fa.password);
    clerk = new Browserless(t.app.url);
    await clerk.signIn(specialist.email, specialist.password);
    const company = await makeCompany(t.db.sql, 'Acme, Italia');
    const group = await makeGroup(t.db.sql, 'Clerk group', [specialist.id]);
    ids = await insertInvoiceRows(t.db.sql, [
      { number: 'A-1', sellerName: 'Plain Supplier', total: '1234567890.123456', companyId: company, groupId: group, receivedAt: new Date('2026-03-01T10:00:00Z') },
      { number: '=HYPERLINK("x")', sellerName: 'Quote "Q" Ltd', total: '0.10', currency: 'SEK', dueDate: null, warnings: ['w1', 'w2'], receivedAt: new Date('2026-03-02T10:00:00Z') },
      { number: 'A-3', sellerName: 'Held Supplier', total: '-5.00', status: 'on_hold', groupId: group, attachmentCount: 2, receivedAt: new Date('2026-03-03T10:00:00Z') },
    ]);
    await t.db.sql`update invoices set status_reason = 'Waiting, still' where id = ${ids[2]!}`;
  });

  it('streams the filtered list as CSV with exact amounts and escaped cells', async () => {
    const res = await fetch(`${t.app.url}/invoices/export.csv`, { headers: { cookie: `apdesk_session=${accountant.cookie('apdesk_session')}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition')!, /^attachment; filename="invoices-\d{4}-\d\d-\d\d\.csv"$/);
    assert.equal(res.headers.get('content-length'), null, 'streamed, not buffered');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark, so spreadsheets read the accents');
    assert.deepEqual(bytes.subarray(3).toString('utf8').split('\r\n'), [
      HEADER,
      `${ids[2]},A-3,invoice,Held Supplier,IT00000000001,,2026-01-15,2026-02-15,-5.00,EUR,On hold,"Waiting, still",Clerk group,,0,2,Pagero,2026-03-03T10:00:00.000Z,,,,,,,,`,
      `${ids[1]},"'=HYPERLINK(""x"")",invoice,"Quote ""Q"" Ltd",IT00000000001,,2026-01-15,,0.10,SEK,Received,,Unassigned,,2,0,Pagero,2026-03-02T10:00:00.000Z,,,,,,,,`,
      `${ids[0]},A-1,invoice,Plain Supplier,IT00000000001,"Acme, Italia",2026-01-15,2026-02-15,1234567890.123456,EUR,Received,,Clerk group,,0,0,Pagero,2026-03-01T10:00:00.000Z,,,,,,,,`,
      '',
    ]);
  });

  it('adds net, tax, payment data, PO, coding and the approval; and a semicolon, decimal comma dialect', async () => {
    const approver = await makeUser(t.db.sql, { roles: ['ap_manager'], firstName: 'Marta', lastName: 'Neri' });
    await t.db.sql`update invoices set tax_exclusive_amount = 1000.50, tax_amount = 220.11, payment_terms = 'Net 30; 2% 10 days',
      payee_iban = 'IT60X0542811101000000123456', order_reference = 'OA-2026-48251' where id = ${ids[0]!}`;
    await t.db.sql`insert into invoice_events (invoice_id, actor_id, action, from_status, to_status, at)
      values (${ids[0]!}, ${approver.id}, 'status', 'ready', 'approved', '2026-03-05T09:30:00Z')`;
    const [gl] = await t.db.sql`insert into gl_accounts (company_id, code, name) select company_id, '6100', 'Supplies' from invoices where id = ${ids[0]!} returning id`;
    const [line] = await t.db.sql`insert into invoice_lines (invoice_id, position, line_number, name, net_amount) values (${ids[0]!}, 1, '1', 'Paper', 1000.50) returning id`;
    await t.db.sql`insert into invoice_line_codings (invoice_line_id, position, amount, gl_account_id, source) values (${line!.id}, 1, 1000.50, ${gl!.id}, 'manual')`;

    const comma = parse((await accountant.get('/invoices/export.csv?q=A-1')).text, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(comma.map((r) => [r.Total, r.Net, r.Tax, r['Payment terms'], r.IBAN, r.PO, r.Coding, r['Approved by'], r['Approved at']]), [
      ['1234567890.123456', '1000.50', '220.11', 'Net 30; 2% 10 days', 'IT60X0542811101000000123456', 'OA-2026-48251', '6100', 'Marta Neri', '2026-03-05T09:30:00.000Z'],
    ]);
    // a credit note's amounts are negative, as on the list, so the spreadsheet's sum is the list's
    await t.db.sql`update invoices set document_type = 'credit_note' where id = ${ids[0]!}`;
    const credit = parse((await accountant.get('/invoices/export.csv?q=A-1')).text, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(credit.map((r) => [r['Document type'], r.Total, r.Net, r.Tax]), [['credit_note', '-1234567890.123456', '-1000.50', '-220.11']]);
    await t.db.sql`update invoices set document_type = 'invoice' where id = ${ids[0]!}`;
    const semicolon = (await accountant.get('/invoices/export.csv?q=A-1&format=semicolon')).text;
    assert.match(semicolon.split('\r\n')[0]!, /^\uFEFF?Invoice id;Invoice number;/, 'semicolons between cells');
    const rows = parse(semicolon, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => [r.Total, r.Net, r.Tax, r['Payment terms'], r['Issue date']]), [['1234567890,123456', '1000,50', '220,11', 'Net 30; 2% 10 days', '2026-01-15']]);
  });

  it('applies the filters and sort of the list it was exported from', async () => {
    const res = await accountant.get('/invoices/export.csv?status=received&sort=total&dir=asc');
    assert.deepEqual(res.text.split('\r\n').slice(1, -1).map((l) => l.split(',')[0]), [String(ids[1]), String(ids[0])]);
  });

  it('exports only what the user may see', async () => {
    const res = await clerk.get('/invoices/export.csv');
    assert.deepEqual(res.text.split('\r\n').slice(1, -1).map((l) => l.split(',')[1]), ['A-3', 'A-1']);
    const anonymous = await fetch(`${t.app.url}/invoices/export.csv`, { redirect: 'manual' });
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.get('location')!, /^\/login\?next=/);
  });

  it('quotes a line break inside a cell, so csv-parse reads the row back whole', async () => {
    await t.db.sql`update invoices set status_reason = ${'Line one\nline two\rthree'} where id = ${ids[2]!}`;
    const res = await accountant.get('/invoices/export.csv?q=A-3');
    const rows = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => [r['Invoice number'], r['Status reason']]), [['A-3', 'Line one\nline two\rthree']]);
    await t.db.sql`update invoices set status_reason = 'Waiting, still' where id = ${ids[2]!}`;
  });

  it('streams a long export in batches', async () => {
    await insertInvoiceRows(t.db.sql, Array.from({ length: 1200 }, (_, n) => ({ number: `BULK-${n}` })));
    const res = await accountant.get('/invoices/export.csv?q=BULK-');
    const lines = res.text.split('\r\n').slice(1, -1);
    assert.equal(lines.length, 1200);
    assert.equal(new Set(lines.map((l) => l.split(',')[0])).size, 1200);
  });
});
