import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { COMPANY_A, COMPANY_B, api, loginTokens, passwordTokens, startTestSandbox, type TestSandbox } from './helpers';

interface Item {
  id: string;
  fileId: string;
  createTime: string;
  isFetched: boolean;
  documentInfo: { direction: string; documentType: string; documentSubType: string; documentIdentifier: string; amounts?: Record<string, string> };
}
interface Envelope {
  items: Item[];
  meta: { count: number; limit: number; offset: number; total: number };
}

let sb: TestSandbox;
let aliceToken: string;
let bothToken: string;

function invoiceXml(id: string, total = '121.00'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ID>${id}</cbc:ID>
  <cbc:IssueDate>2025-03-01</cbc:IssueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">21</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">100</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">100</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">${total}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">${total}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
</Invoice>
`;
}

const responseXml = `<?xml version="1.0" encoding="UTF-8"?>
<ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>AR-1</cbc:ID><cbc:IssueDate>2025-03-02</cbc:IssueDate>
  <cac:DocumentResponse><cac:Response><cbc:ResponseCode>RE</cbc:ResponseCode></cac:Response><cac:DocumentReference><cbc:ID>OUR-INV-7</cbc:ID></cac:DocumentReference></cac:DocumentResponse>
</ApplicationResponse>`;

async function list(token: string, query: string): Promise<{ status: number; body: Envelope }> {
  const response = await api(sb.url, `/document/v1/documents?${query}`, token);
  return { status: response.status, body: (await response.json()) as Envelope };
}

async function seedDocuments() {
  await sb.sim('/reset', {});
  await sb.sim('/companies', { companies: [COMPANY_A, COMPANY_B] });
  await sb.sim('/users', {
    users: [
      { username: 'both', password: 'both-pw', companies: [COMPANY_A.id, COMPANY_B.id] },
      { username: 'alice', password: 'alice-pw', companies: [COMPANY_A.id] },
    ],
  });
  const base = Date.parse('2025-03-01T08:00:00Z');
  const documents = Array.from({ length: 25 }, (_, i) => ({
    companyId: COMPANY_A.id,
    xml: invoiceXml(`INV-${i + 1}`),
    createTime: new Date(base + i * 60_000).toISOString(),
  }));
  documents.push({ companyId: COMPANY_A.id, xml: responseXml, createTime: new Date(base + 30 * 60_000).toISOString() });
  const created = await sb.sim('/documents', { documents });
  assert.equal(created.status, 201, await created.clone().text());
  await sb.sim('/documents', { companyId: COMPANY_B.id, xml: invoiceXml('B-1', '50.00'), createTime: new Date(base).toISOString() });
  aliceToken = (await loginTokens(sb.url, { username: 'alice', password: 'alice-pw' })).access_token;
  bothToken = (await passwordTokens(sb.url, 'both', 'both-pw')).access_token;
}

before(async () => {
  sb = await startTestSandbox();
});
after(async () => {
  await sb.close();
});

describe('GET /document/v1/documents', () => {
  beforeEach(seedDocuments);

  it('answers the {items, meta} envelope, newest createTime first, default limit 10', async () => {
    const { status, body } = await list(aliceToken, `companyId=${COMPANY_A.id}`);
    assert.equal(status, 200);
    assert.deepEqual(body.meta, { count: 10, limit: 10, offset: 0, total: 26 });
    assert.equal(body.items[0]!.documentInfo.documentIdentifier, 'AR-1');
    assert.equal(body.items[1]!.documentInfo.documentIdentifier, 'INV-25');
    const times = body.items.map((item) => item.createTime);
    assert.deepEqual([...times].sort().reverse(), times);
    const item = body.items[1]!;
    assert.deepEqual(Object.keys(item).sort(), ['attachments', 'createTime', 'distribution', 'documentInfo', 'documentReferences', 'eventDetails', 'fileId', 'id', 'isFetched', 'isSelfBilled', 'sendMode', 'validationErrors'].sort());
    assert.deepEqual(item.documentInfo.amounts, { currency: 'EUR', netAmount: '100.00', vatAmount: '21.00', totalAmount: '121.00' });
    assert.equal(item.documentInfo.direction, 'Received');
    assert.equal(item.documentInfo.documentSubType, 'Debit');
    assert.match(item.fileId, /^\d+$/);
  });

  it('pages with limit/offset, clamps limit to max_limit, and returns empty items past the end', async () => {
    const seen = new Set<string>();
    for (let offset = 0; offset < 26; offset += 7) {
      const { body } = await list(aliceToken, `companyId=${COMPANY_A.id}&limit=7&offset=${offset}`);
      assert.equal(body.meta.offset, offset);
      assert.equal(body.meta.count, Math.min(7, 26 - offset));
      for (const item of body.items) seen.add(item.id);
    }
    assert.equal(seen.size, 26);
    const clamped = await list(aliceToken, `companyId=${COMPANY_A.id}&limit=1000`);
    assert.equal(clamped.body.meta.limit, 100);
    const past = await list(aliceToken, `companyId=${COMPANY_A.id}&offset=500`);
    assert.deepEqual(past.body, { items: [], meta: { count: 0, limit: 10, offset: 500, total: 26 } });
    assert.equal((await list(aliceToken, `companyId=${COMPANY_A.id}&limit=0`)).status, 400);
    assert.equal((await list(aliceToken, `companyId=${COMPANY_A.id}&offset=-1`)).status, 400);
  });

  it('filters by documentType (repeatable, OR-ed), direction and referenceDocumentIdentifier', async () => {
    const invoices = await list(aliceToken, `companyId=${COMPANY_A.id}&direction=Received&documentType=Invoice&documentType=PaymentReminder&limit=100`);
    assert.equal(invoices.body.meta.total, 25);
    assert.ok(invoices.body.items.every((item) => item.documentInfo.documentType === 'Invoice'));
    const responses = await list(aliceToken, `companyId=${COMPANY_A.id}&documentType=ApplicationResponse&referenceDocumentIdentifier=OUR-INV-7`);
    assert.equal(responses.body.meta.total, 1);
    assert.equal(responses.body.items[0]!.documentInfo.documentSubType, 'RecipientReject');
    assert.equal((await list(aliceToken, `companyId=${COMPANY_A.id}&direction=Sent`)).body.meta.total, 0);
    assert.equal((await list(aliceToken, `companyId=${COMPANY_A.id}&direction=Sideways`)).status, 400);
    assert.equal((await list(aliceToken, `companyId=${COMPANY_A.id}&documentType=CreditNote`)).status, 400, 'credit notes are Invoice/Credit, not a type of their own');
  });

  it('requires companyId (400) and answers 403 for a company the user cannot access', async () => {
    assert.equal((await list(aliceToken, '')).status, 400);
    const forbidden = await list(aliceToken, `companyId=${COMPANY_B.id}`);
    assert.equal(forbidden.status, 403);
    assert.equal((await list(aliceToken, 'companyId=00000000-0000-4000-8000-000000000000')).status, 403);
    assert.equal((await list(bothToken, `companyId=${COMPANY_B.id}`)).body.meta.total, 1);
  });

  it('sees documents arriving between pages at the head (clients must de-duplicate by id)', async () => {
    const first = await list(aliceToken, `companyId=${COMPANY_A.id}&limit=5`);
    await sb.sim('/documents', { companyId: COMPANY_A.id, xml: invoiceXml('LATE-1') });
    const second = await list(aliceToken, `companyId=${COMPANY_A.id}&limit=5&offset=5`);
    assert.equal(second.body.meta.total, 27);
    assert.equal(second.body.items[0]!.id, first.body.items[4]!.id);
  });
});

describe('single document, target document and fetch', () => {
  beforeEach(seedDocuments);

  it('GET /documents/{id} returns the item; other companies\' documents and unknown ids are 404', async () => {
    const { body } = await list(bothToken, `companyId=${COMPANY_B.id}`);
    const id = body.items[0]!.id;
    const mine = await api(sb.url, `/document/v1/documents/${id}`, bothToken);
    assert.equal(mine.status, 200);
    assert.deepEqual(await mine.json(), body.items[0]);
    assert.equal((await api(sb.url, `/document/v1/documents/${id}`, aliceToken)).status, 404);
    assert.equal((await api(sb.url, '/document/v1/documents/does-not-exist', aliceToken)).status, 404);
  });

  it('targetdocument returns the exact XML bytes as application/xml, also for Accept: application/json', async () => {
    const { body } = await list(aliceToken, `companyId=${COMPANY_A.id}&limit=100`);
    const item = body.items.find((i) => i.documentInfo.documentIdentifier === 'INV-3')!;
    for (const accept of [undefined, 'application/json', 'application/xml', '*/*']) {
      const response = await api(sb.url, `/document/v1/documents/${item.id}/targetdocument`, aliceToken, { headers: accept ? { accept } : {} });
      assert.equal(response.status, 200, String(accept));
      assert.equal(response.headers.get('content-type'), 'application/xml');
      assert.equal(Buffer.from(await response.arrayBuffer()).toString('utf8'), invoiceXml('INV-3'));
    }
    const png = await api(sb.url, `/document/v1/documents/${item.id}/targetdocument`, aliceToken, { headers: { accept: 'image/png' } });
    assert.equal(png.status, 406);
  });

  it('POST /documents/fetch marks documents; showFetchedOnly filters; marking is idempotent', async () => {
    const unfetched = await list(aliceToken, `companyId=${COMPANY_A.id}&showFetchedOnly=false&limit=3`);
    const ids = unfetched.body.items.map((item) => item.id);
    const post = (body: unknown, contentType = 'application/json') =>
      api(sb.url, '/document/v1/documents/fetch', aliceToken, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });

    const response = await post({ ids: [...ids, 'unknown-id'] });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {});
    assert.equal((await post({ ids })).status, 200);

    assert.equal((await list(aliceToken, `companyId=${COMPANY_A.id}&showFetchedOnly=false`)).body.meta.total, 23);
    const fetched = await list(aliceToken, `companyId=${COMPANY_A.id}&showFetchedOnly=true`);
    assert.deepEqual(fetched.body.items.map((i) => i.id).sort(), [...ids].sort());
    assert.ok(fetched.body.items.every((i) => i.isFetched));
    assert.equal((await list(aliceToken, `companyId=${COMPANY_A.id}`)).body.meta.total, 26);

    const inspected = (await (await sb.sim(`/documents?companyId=${COMPANY_A.id}`)).json()) as { fetched: number; items: { id: string; fetchedAt: string | null }[] };
    assert.equal(inspected.fetched, 3);
    assert.ok(inspected.items.filter((i) => ids.includes(i.id)).every((i) => i.fetchedAt !== null));
  });

  it('fetch ignores documents of companies the user cannot access and validates its body', async () => {
    const other = (await list(bothToken, `companyId=${COMPANY_B.id}`)).body.items[0]!.id;
    const post = (body: string, contentType = 'application/json') => api(sb.url, '/document/v1/documents/fetch', aliceToken, { method: 'POST', headers: { 'content-type': contentType }, body });
    assert.equal((await post(JSON.stringify({ ids: [other] }))).status, 200);
    assert.equal((await list(bothToken, `companyId=${COMPANY_B.id}&showFetchedOnly=true`)).body.meta.total, 0);
    assert.equal((await post(JSON.stringify({ ids: [other] }), 'text/plain')).status, 415);
    assert.equal((await post('{"ids": "x"}')).status, 400);
    assert.equal((await post('not json')).status, 400);
  });
});

describe('GET /company/v1/companies', () => {
  beforeEach(seedDocuments);

  it('lists only the companies the token\'s user can access', async () => {
    const alice = (await (await api(sb.url, '/company/v1/companies', aliceToken)).json()) as { items: unknown[]; meta: { total: number } };
    assert.deepEqual(alice.items, [{ id: COMPANY_A.id, name: COMPANY_A.name, vatNumber: COMPANY_A.vatNumber }]);
    assert.equal(alice.meta.total, 1);
    const both = (await (await api(sb.url, '/company/v1/companies', bothToken)).json()) as { items: { id: string }[] };
    assert.deepEqual(both.items.map((c) => c.id).sort(), [COMPANY_A.id, COMPANY_B.id].sort());
  });

  it('reflects access granted later to the same user', async () => {
    await sb.sim('/users', { username: 'alice', password: 'alice-pw', companies: [COMPANY_A.id, COMPANY_B.id] });
    const alice = (await (await api(sb.url, '/company/v1/companies', aliceToken)).json()) as { items: unknown[] };
    assert.equal(alice.items.length, 2);
    assert.equal((await list(aliceToken, `companyId=${COMPANY_B.id}`)).status, 200);
  });
});

describe('/_sim validation', () => {
  it('rejects malformed control bodies with 400 and issues', async () => {
    const bad = [
      ['/users', { username: '', password: 'x' }],
      ['/companies', { name: 'X', vatNumber: 'not a vat' }],
      ['/documents', { companyId: COMPANY_A.id }],
      ['/clock', { advance: '3 years' }],
      ['/config', { refresh_mode: 'forever' }],
      ['/config', { unknown_knob: 1 }],
      ['/faults', { respond: { type: 'explode' } }],
      ['/faults', { match: { pathRegex: '(' }, respond: { type: 'drop' } }],
    ] as const;
    for (const [path, body] of bad) {
      const response = await sb.sim(path, body);
      assert.equal(response.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
    }
  });

  it('moves the clock by ISO-8601 durations, days and seconds', async () => {
    await sb.sim('/clock', { set: '2025-01-31T12:00:00.000Z' });
    const advanced = (await (await sb.sim('/clock', { advance: 'P3Y' })).json()) as { now: string };
    assert.match(advanced.now, /^2028-01-31T12:00:0/);
    const days = (await (await sb.sim('/clock', { days: 1, seconds: 3600 })).json()) as { now: string };
    assert.match(days.now, /^2028-02-01T13:00:0/);
  });
});
