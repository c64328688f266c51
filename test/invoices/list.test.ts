import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeCompany, makeGroup, numbersIn } from './helpers';
import { SIGNED_TOTAL } from '../../src/invoices/total';

describe('My Invoices: filters, search, sorting and counts on a known set', () => {
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' }); // counts without a time budget: exact whatever the machine's load
  let accountant: Browserless;
  let clerk: Browserless;
  const ids: Record<string, number> = {};
  let acme = 0;
  let groupOne = 0;
  let groupTwo = 0;

  before(async () => {
    const fa = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const specialist = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    accountant = new Browserless(t.app.url);
    await accountant.signIn(fa.email, fa.password);
    clerk = new Browserless(t.app.url);
    await clerk.signIn(specialist.email, specialist.password);
    acme = await makeCompany(t.db.sql, 'Acme Italia');
    const gmbh = await makeCompany(t.db.sql, 'Acme GmbH');
    groupOne = await makeGroup(t.db.sql, 'Group one', [specialist.id]);
    groupTwo = await makeGroup(t.db.sql, 'Group two');
    const at = (minutes: number) => new Date(Date.UTC(2026, 3, 1, 8, minutes));
    const rows = [
      { number: 'INV-001', sellerName: 'Nordic Paper AB', sellerVatId: 'SE556677889901', companyId: acme, issueDate: '2026-01-05', dueDate: '2026-02-05', total: '120.00', status: 'received', groupId: groupOne, receivedAt: at(1) },
      { number: 'INV-002', sellerName: 'Alpine Steel GmbH', sellerVatId: 'DE811111111', companyId: gmbh, issueDate: '2026-01-10', dueDate: null, total: '2500.50', status: 'in_review', groupId: groupOne, warnings: ['Totals do not add up.'], receivedAt: at(2) },
      { number: 'INV-003', sellerName: 'Baltic Foods OU', sellerVatId: 'EE100200300', companyId: acme, issueDate: '2026-02-01', dueDate: '2026-03-01', currency: 'SEK', total: '99.99', status: 'on_hold', groupId: groupTwo, attachmentCount: 1, receivedAt: at(3) },
      { number: 'INV-004', sellerName: 'Nordic Paper AB', sellerVatId: 'SE556677889901', companyId: gmbh, issueDate: '2026-02-15', dueDate: '2026-03-15', total: '120.00', status: 'ready', invScannedBy: 'Upload' as const, receivedAt: at(4) },
      { number: 'CN-005', sellerName: 'Rhein Energie AG', sellerVatId: 'DE999999999', companyId: acme, issueDate: '2026-03-01', dueDate: '2026-03-31', total: '-50.00', status: 'approved', groupId: groupTwo, documentType: 'credit_note' as const, receivedAt: at(5) },
      { number: 'INV-006', sellerName: 'Iberia Software SL', sellerVatId: 'ESB12345678', companyId: gmbh, issueDate: '2026-03-10', total: '10000.00', status: 'exported', groupId: groupOne, receivedAt: at(6) },
      { number: 'INV-007', sellerName: 'Nordik Papper AB', sellerVatId: 'SE556677889901', companyId: acme, issueDate: '2026-03-20', total: '300.00', status: 'cancelled', groupId: groupOne, receivedAt: at(7) },
    ];
    const inserted = await insertInvoiceRows(t.db.sql, rows);
    rows.forEach((r, i) => (ids[r.number] = inserted[i]!));
    await t.db.sql`update invoices set duplicate_of = ${ids['INV-001']!} where id = ${ids['INV-004']!}`;
  });

  const listed = async (query: string, who = accountant) => {
    const res = await who.get(`/invoices${query}`);
    assert.equal(res.status, 200, query);
    return numbersIn(res.text);
  };

  it('shows open work newest first and keeps exported and cancelled invoices under Complete Invoices', async () => {
    assert.deepEqual(await listed(''), ['CN-005', 'INV-004', 'INV-003', 'INV-002', 'INV-001']);
    assert.deepEqual(await listed('/complete'), ['INV-007', 'INV-006']);
  });

  it('filters by status, group, company, supplier, currency, dates, amounts, invScannedBy and flags', async () => {
    const cases: [string, string[]][] = [
      ['?status=in_review', ['INV-002']],
      [`?group=${groupOne}`, ['INV-002', 'INV-001']],
      ['?group=none', ['INV-004']],
      [`?company=${acme}`, ['CN-005', 'INV-003', 'INV-001']],
      ['?supplier=nordic', ['INV-004', 'INV-001']],
      ['?currency=sek', ['INV-003']],
      ['?issued_from=2026-01-08&issued_to=2026-02-10', ['INV-003', 'INV-002']],
      ['?amount_min=100&amount_max=200', ['INV-004', 'INV-001']],
      ['?amount_min=-100&amount_max=0', ['CN-005']],
      ['?scanned_by=Upload', ['INV-004']],
      ['?flagged=duplicate', ['INV-004']],
      ['?flagged=warnings', ['INV-002']],
      ['?flagged=attachments', ['INV-003']],
      ['?flagged=any', ['INV-004', 'INV-003', 'INV-002']],
      [`?company=${acme}&status=received`, ['INV-001']],
    ];
    for (const [query, expected] of cases) assert.deepEqual(await listed(query), expected, query);
    assert.deepEqual(await listed('/complete?status=cancelled'), ['INV-007']);
    assert.match((await accountant.get('/invoices?status=exported')).text, /id="filter-status-error" class="error" role="alert">Choose a status of this list\./);
  });

  it('searches supplier names, VAT ids and invoice numbers, similar supplier names included', async () => {
    assert.deepEqual(await listed('?q=inv-00'), ['INV-004', 'INV-003', 'INV-002', 'INV-001']);
    assert.deepEqual(await listed('?q=556677'), ['INV-004', 'INV-001']);
    assert.deepEqual(await listed('?q=BALTIC'), ['INV-003']);
    assert.deepEqual(await listed('?q=Nordic%20Papr'), ['INV-004', 'INV-001'], 'a misspelt name still finds the supplier (pg_trgm %)');
    assert.deepEqual(await listed('/complete?q=nordik'), ['INV-007']);
    assert.deepEqual(await listed('?q=50%25'), [], 'LIKE wildcards are searched for literally');
  });

  it('sorts by every sortable column both ways, ties broken by id', async () => {
    const cases: [string, string[]][] = [
      ['?sort=number&dir=asc', ['CN-005', 'INV-001', 'INV-002', 'INV-003', 'INV-004']],
      ['?sort=supplier&dir=asc', ['INV-002', 'INV-003', 'INV-001', 'INV-004', 'CN-005']],
      ['?sort=issue_date&dir=desc', ['CN-005', 'INV-004', 'INV-003', 'INV-002', 'INV-001']],
      ['?sort=due_date&dir=asc', ['INV-001', 'INV-003', 'INV-004', 'CN-005', 'INV-002']],
      ['?sort=total&dir=asc', ['CN-005', 'INV-003', 'INV-001', 'INV-004', 'INV-002']],
      ['?sort=total&dir=desc', ['INV-002', 'INV-004', 'INV-001', 'INV-003', 'CN-005']],
      ['?sort=status&dir=asc', ['CN-005', 'INV-002', 'INV-003', 'INV-004', 'INV-001']],
      ['?sort=received&dir=asc', ['INV-001', 'INV-002', 'INV-003', 'INV-004', 'CN-005']],
    ];
    for (const [query, expected] of cases) assert.deepEqual(await listed(query), expected, query);
    const page = await accountant.get('/invoices?sort=total&dir=asc');
    assert.match(page.text, /<th scope="col" class="amount" aria-sort="ascending"><a href="\/invoices\?sort=total&amp;dir=desc">Total ▲<\/a>/);
  });

  it('counts each status with the other filters and the visibility applied', async () => {
    const counts = (html: string) => Object.fromEntries([...html.matchAll(/>([A-Za-z ]+)<span class="n">([\d,+]+)<\/span>/g)].map((m) => [m[1], m[2]]));
    assert.deepEqual(counts((await accountant.get('/invoices')).text), { All: '5', Received: '1', 'In review': '1', Ready: '1', Approved: '1', 'On hold': '1', Rejected: '0', 'Export failed': '0' });
    assert.deepEqual(counts((await accountant.get(`/invoices?company=${acme}&status=received`)).text), { All: '3', Received: '1', 'In review': '0', Ready: '0', Approved: '1', 'On hold': '1', Rejected: '0', 'Export failed': '0' });
    assert.deepEqual(counts((await clerk.get('/invoices')).text), { All: '2', Received: '1', 'In review': '1', Ready: '0', Approved: '0', 'On hold': '0', Rejected: '0', 'Export failed': '0' });
    assert.deepEqual(counts((await accountant.get('/invoices/complete')).text), { All: '2', Exported: '1', Cancelled: '1' });
  });

  it('shows a clerk only the invoices of their groups, whatever the filters ask for', async () => {
    assert.deepEqual(await listed('', clerk), ['INV-002', 'INV-001']);
    assert.deepEqual(await listed(`?group=${groupTwo}`, clerk), []);
    assert.deepEqual(await listed('?q=baltic', clerk), []);
    assert.deepEqual(await listed('/complete', clerk), ['INV-007', 'INV-006']);
  });

  it('reports a filter value it cannot read next to its field and ignores it', async () => {
    const res = await accountant.get('/invoices?amount_min=12,50&q=ab&sort=total;drop&issued_from=2026-02-30');
    assert.equal(res.status, 200);
    assert.match(res.text, /<p id="filter-amount-min-error" class="error" role="alert">Enter an amount such as 1,250\.50/);
    assert.match(res.text, /<p id="filter-q-error" class="error" role="alert">Type at least 3 characters/);
    assert.match(res.text, /<p id="filter-issued-from-error"/);
    assert.deepEqual(numbersIn(res.text), ['CN-005', 'INV-004', 'INV-003', 'INV-002', 'INV-001']);
    assert.equal((await accountant.get('/invoices?sort=total&after=bm9wZQ')).status, 400);
  });

  it('answers htmx with the results alone, and says so in Vary', async () => {
    const res = await accountant.request('GET', '/invoices?status=ready', { headers: { 'HX-Request': 'true', 'HX-Target': 'invoice-results' } });
    assert.equal(res.status, 200);
    assert.match(res.text, /^<div id="invoice-results">/);
    assert.doesNotMatch(res.text, /<html|<form method="get"/);
    assert.deepEqual(numbersIn(res.text), ['INV-004']);
    assert.match(res.headers.get('vary') ?? '', /HX-Request/);
    const page = await accountant.get('/invoices?status=ready');
    assert.match(page.text, /<form method="get" action="\/invoices" class="filters no-print" role="search"[^>]* hx-get="\/invoices" hx-target="#invoice-results" hx-push-url="true"/);
  });

  it('links each invoice with the list it came from, for next and previous on the invoice page', async () => {
    const res = await accountant.get(`/invoices?company=${acme}`);
    assert.match(res.text, new RegExp(`<a href="/invoices/${ids['INV-003']}\\?company=${acme}" class="invoice-number" title="INV-003">INV-003</a>`));
    const page = await accountant.get(`/invoices/${ids['INV-003']}?company=${acme}`);
    assert.match(page.text, new RegExp(`<a href="/invoices/${ids['CN-005']}\\?company=${acme}" rel="prev"[^>]*>`));
    assert.match(page.text, new RegExp(`<a href="/invoices/${ids['INV-001']}\\?company=${acme}" rel="next"[^>]*>`));
    // Back to the list opens the list where the clerk is: the page that starts at this invoice
    const back = new RegExp(`<a href="(/invoices\\?company=${acme}&amp;after=[A-Za-z0-9_-]+)">Back to the list</a>`).exec(page.text)?.[1];
    assert.ok(back, 'Back to the list keeps the filters and the place');
    const list = await accountant.get(back.replaceAll('&amp;', '&'));
    assert.equal(list.status, 200);
    assert.equal(numbersIn(list.text)[0], 'INV-003');
    const first = await accountant.get(`/invoices/${ids['CN-005']}?company=${acme}`);
    assert.match(first.text, new RegExp(`<a href="/invoices\\?company=${acme}">Back to the list</a>`), 'the first of the list: its first page');
  });

  it('sorts and filters credit notes by the negative total it shows, through the index', async () => {
    // readers store a credit note's amounts positive, as the supplier wrote them
    const rows = await insertInvoiceRows(t.db.sql, [
      { number: 'SIG-1', sellerName: 'Signum Credit AB', total: '1234567.89' },
      { number: 'SIG-2', sellerName: 'Signum Credit AB', total: '1234567.89', documentType: 'credit_note' },
      { number: 'SIG-3', sellerName: 'Signum Credit AB', total: '205.00' },
      { number: 'SIG-4', sellerName: 'Signum Credit AB', total: '205.00', documentType: 'credit_note' },
    ]);
    assert.equal(rows.length, 4);
    assert.deepEqual(await listed('?q=Signum&sort=total&dir=desc'), ['SIG-1', 'SIG-3', 'SIG-4', 'SIG-2']);
    assert.deepEqual(await listed('?q=Signum&sort=total&dir=asc'), ['SIG-2', 'SIG-4', 'SIG-3', 'SIG-1']);
    assert.deepEqual(await listed('?q=Signum&amount_min=1000'), ['SIG-1']);
    assert.deepEqual(await listed('?q=Signum&amount_max=-1000'), ['SIG-2']);
    const plan = await t.db.sql.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      return tx`explain (format json) select i.id from invoices i order by ${SIGNED_TOTAL(tx)} desc, i.id desc limit 50`;
    });
    assert.match(JSON.stringify(plan), /invoices_signed_total_sort_idx/, 'the sort reads the index of migrations/0028');
  });
});
