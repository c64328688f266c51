/* The sandbox's File API: uploads of Invoice Responses, their checks, fileparts, Restart/Cancel, faults and the received page. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildResponseXml, type ResponseDocument } from '../../src/responses/document';
import { COMPANY_A, COMPANY_B, api, passwordTokens, startTestSandbox, type TestSandbox } from './helpers';

const INVOICE = `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>A-100</cbc:ID><cbc:IssueDate>2026-11-01</cbc:IssueDate></Invoice>`;

const response = (over: Partial<ResponseDocument> = {}): string =>
  buildResponseXml({
    id: '7',
    issueDate: '2026-12-02',
    responseCode: 'RE',
    reasonCode: 'PRI',
    reasonText: 'Too expensive',
    actionCode: 'CNF',
    sender: { endpoint: { scheme: '0211', id: 'IT01234567897' }, name: COMPANY_A.name },
    receiver: { endpoint: { scheme: '0088', id: '7300010000001' }, name: 'Supplier Ltd' },
    invoice: { number: 'A-100', issueDate: '2026-11-01', typeCode: '380' },
    ...over,
  });

describe('the sandbox File API', () => {
  let sb: TestSandbox;
  let alice: string;
  before(async () => {
    sb = await startTestSandbox();
    await sb.sim('/users', { username: 'alice', password: 'alice-pw', companies: [COMPANY_A.id] });
    await sb.sim('/documents', { companyId: COMPANY_A.id, xml: INVOICE });
    alice = (await passwordTokens(sb.url, 'alice', 'alice-pw')).access_token;
  });
  after(() => sb.close());

  const upload = (fields: Record<string, string>, xml: string | null = response(), token = alice) => {
    const form = new FormData();
    if (xml !== null) form.append('payload', new Blob([xml], { type: 'application/xml' }), 'r.xml');
    for (const [k, v] of Object.entries({ documentType: 'ApplicationResponse', sendMode: 'Test', sendingCompanyId: COMPANY_A.id, ...fields })) form.append(k, v);
    return api(sb.url, '/file/v1/files', token, { method: 'POST', body: form });
  };
  const parts = async (fileId: string, status = 'Processing,AwaitingInteraction,Error') =>
    (await (await api(sb.url, `/file/v1/files/${fileId}/fileparts?Status=${status}`, alice)).json()) as { items: { id: string; status: string; error: { description: string[] } | null }[] };

  it('takes a valid Invoice Response (201), processes it, records it and lists it as a Sent document by senderReference', async () => {
    const res = await upload({ senderReference: 'ref-1' });
    assert.equal(res.status, 201);
    const { id } = (await res.json()) as { id: string };
    assert.deepEqual((await parts(id)).items, []);
    const listed = await (await api(sb.url, `/document/v1/documents?companyId=${COMPANY_A.id}&direction=Sent&documentType=ApplicationResponse&senderReference=ref-1`, alice)).json() as { items: { fileId: string }[] };
    assert.deepEqual(listed.items.map((d) => d.fileId), [id]);
    const { responses } = (await (await sb.sim('/responses')).json()) as { responses: Record<string, unknown>[] };
    const mine = responses.find((r) => r.fileId === id)!;
    assert.deepEqual([mine.status, mine.responseCode, mine.reasonCode, mine.reasonText, mine.actionCode, mine.invoiceNumber, mine.receiver, mine.sendMode], ['Done', 'RE', 'PRI', 'Too expensive', 'CNF', 'A-100', '0088:7300010000001', 'Test']);
    const page = await fetch(`${sb.url}/responses`);
    assert.match(await page.text(), /<td>A-100<\/td><td>RE<\/td><td>PRI: Too expensive<\/td>/);
  });

  it('puts a filepart in Error, with the reasons, for bad XML, unknown codes or an invoice the company never received; Restart and Cancel act on it', async () => {
    const cases: [string, RegExp][] = [
      ['<ApplicationResponse><broken', /not well-formed XML/],
      [response().replace('>PRI<', '>XYZ<'), /Unknown status reason code XYZ/],
      [response().replace('>RE<', '>ZZ<'), /Unknown response code ZZ/],
      [response({ invoice: { number: 'B-999', issueDate: '2026-11-01', typeCode: '380' } }), /refers to invoice B-999, which this company never received/],
      [response({ reasonCode: null, actionCode: null }), /A RE response must give a reason/],
    ];
    for (const [xml, why] of cases) {
      const { id } = (await (await upload({}, xml)).json()) as { id: string };
      const [part] = (await parts(id)).items;
      assert.equal(part?.status, 'Error');
      assert.match(part!.error!.description.join(' '), why);
    }
    const { id } = (await (await upload({}, response().replace('>PRI<', '>XYZ<'))).json()) as { id: string };
    const [part] = (await parts(id)).items;
    const restart = await api(sb.url, `/file/v1/fileparts/${part!.id}/action`, alice, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"Restart"}' });
    assert.equal(restart.status, 200);
    assert.equal((await parts(id)).items[0]?.status, 'Error', 'still invalid after a restart');
    await api(sb.url, `/file/v1/fileparts/${part!.id}/action`, alice, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"Cancel"}' });
    assert.deepEqual((await parts(id)).items, []);
    const bad = await api(sb.url, `/file/v1/fileparts/${part!.id}/action`, alice, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"Delete"}' });
    assert.equal(bad.status, 400);
  });

  it('injects AwaitingInteraction and Processing outcomes, and applies HTTP faults to /file/', async () => {
    await sb.sim('/file-outcomes', { outcome: 'AwaitingInteraction', description: 'Pick a channel' });
    const first = (await (await upload({})).json()) as { id: string };
    assert.deepEqual((await parts(first.id)).items.map((p) => [p.status, p.error?.description]), [['AwaitingInteraction', ['Pick a channel']]]);
    await sb.sim('/file-outcomes', { outcome: 'Processing', polls: 1 });
    const second = (await (await upload({})).json()) as { id: string };
    assert.equal((await parts(second.id)).items[0]?.status, 'Processing');
    assert.deepEqual((await parts(second.id, 'AwaitingInteraction,Error')).items, []);
    assert.deepEqual((await parts(second.id)).items, []);
    await sb.sim('/faults', { match: { pathPrefix: '/file/v1/files' }, respond: { type: 'status', status: 503 } });
    assert.equal((await upload({})).status, 503);
  });

  it('refuses what is not an upload it can take', async () => {
    assert.equal((await upload({ documentType: 'Order' })).status, 400);
    assert.equal((await upload({ sendMode: 'Live' })).status, 400);
    assert.equal((await upload({ sendingCompanyId: '' })).status, 400);
    assert.equal((await upload({}, null)).status, 400);
    assert.equal((await upload({ sendingCompanyId: COMPANY_B.id })).status, 403);
    assert.equal((await upload({}, response(), 'not-a-token')).status, 401);
    const json = await api(sb.url, '/file/v1/files', alice, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(json.status, 415);
    const huge = await upload({}, 'x'.repeat(11 * 1024 * 1024));
    assert.equal(huge.status, 413);
    assert.equal((await api(sb.url, '/file/v1/files/123/fileparts', alice)).status, 404);
  });
});
