/*
 * Webhooks end to end: an AP Admin adds an endpoint (secret shown once, sealed at rest), an
 * export result raises invoice.exported, the delivery is signed per Standard Webhooks and
 * verified by a real receiver; 500 twice then 200 gives exactly one success; 410 and three
 * days of failures disable the endpoint and email the AP Admins; Send again; unsafe URLs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Logger, runOnce } from 'graphile-worker';
import { Webhook } from 'standardwebhooks';
import { webhookDeliveriesSend } from '../../jobs/webhook_deliveries__send';
import type { JobDeps } from '../../jobs/index';
import { createLogger } from '../../src/logger';
import { createApiToken } from '../../src/purchase-orders/api-tokens';
import { deliver, RETRY_DELAYS_S, type DeliverDeps } from '../../src/webhooks/deliver';
import { checkWebhookUrl } from '../../src/webhooks/endpoints';
import { secretCipher } from '../../src/webhooks/secrets';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows } from '../invoices/helpers';
import { startReceiver } from './helpers';

describe('webhooks', () => {
  const t = useTestApp({ ALLOW_PRIVATE_TARGETS: 'true' });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: Browserless;
  let token = '';
  let deps: DeliverDeps;

  const exportResult = (id: number, body: object) =>
    fetch(`${t.app.url}/api/v1/invoices/${id}/export-result`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const deliveriesOf = (invoiceId: number) =>
    t.db.sql<{ id: number; endpointId: number; state: string; attempts: number; lastStatus: number | null; type: string }[]>`
      select d.id::int, d.endpoint_id::int, d.state, d.attempts, d.last_status, ev.type
      from webhook_deliveries d join webhook_events ev on ev.id = d.event_id where ev.invoice_id = ${invoiceId} order by d.id`;
  const jobOf = async (deliveryId: number) =>
    (await t.db.sql<{ runAt: Date }[]>`select run_at from graphile_worker.jobs where key = ${`webhook_delivery:${deliveryId}`}`)[0];
  const addEndpoint = async (url: string, events: string[]) => {
    await admin.get('/settings/webhooks');
    const page = await admin.post('/settings/webhooks', { url, description: 'SAP S/4', events });
    assert.equal(page.status, 200, page.text.slice(0, 500));
    const secret = /whsec_[A-Za-z0-9+/=]+/.exec(page.text)?.[0];
    assert.ok(secret, 'the secret is shown once');
    const [row] = await t.db.sql<{ id: number }[]>`select id::int from webhook_endpoints order by id desc limit 1`;
    return { id: row!.id, secret };
  };

  before(async () => {
    receiver = await startReceiver();
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
    token = (await createApiToken(t.db.sql, 'SAP', a.id, ['invoices:read', 'invoices:export'])).token;
    deps = { sql: t.db.sql, log: createLogger('silent'), cipher: secretCipher(t.app.config), allowPrivate: true, publicUrl: t.app.config.publicUrl, random: () => 0.5 };
  });
  after(() => receiver?.close());

  it('signs each delivery per Standard Webhooks; 500 twice then 200 is exactly one success, same id and body on every attempt', async () => {
    const { id: endpointId, secret } = await addEndpoint(receiver.url, ['invoice.exported', 'invoice.export_failed']);
    receiver.setSecret(secret);
    const [sealed] = await t.db.sql<{ secretSealed: Buffer }[]>`select secret_sealed from webhook_endpoints where id = ${endpointId}`;
    assert.ok(!sealed!.secretSealed.toString('latin1').includes(secret.slice(6, 20)), 'sealed at rest');
    assert.doesNotMatch((await admin.get('/settings/webhooks')).text, /whsec_/, 'never shown again');

    const [invoiceId] = await insertInvoiceRows(t.db.sql, [{ status: 'approved' }]);
    assert.equal((await deliveriesOf(invoiceId!)).length, 0, 'arriving (invoice.received) is not subscribed');
    assert.equal((await exportResult(invoiceId!, { outcome: 'exported', erpDocumentId: 'FI-77' })).status, 200);
    const [delivery] = await deliveriesOf(invoiceId!);
    assert.deepEqual({ ...delivery, id: 0 }, { id: 0, endpointId, state: 'pending', attempts: 0, lastStatus: null, type: 'invoice.exported' });
    assert.ok(await jobOf(delivery!.id), 'a graphile-worker job per event and endpoint');

    receiver.answerWith(500, 500);
    assert.equal(await deliver(deps, delivery!.id), 'retrying');
    const firstRetry = await jobOf(delivery!.id);
    assert.ok(firstRetry, 'the job is queued again');
    const wait = (firstRetry!.runAt.getTime() - Date.now()) / 1000;
    assert.ok(wait > RETRY_DELAYS_S[0]! * 0.5 && wait <= RETRY_DELAYS_S[0]! * 1.2 + 1, `first retry after about ${RETRY_DELAYS_S[0]} s, got ${wait}`);
    assert.equal(await deliver(deps, delivery!.id), 'retrying');
    assert.equal(await deliver(deps, delivery!.id), 'succeeded');
    assert.equal(await deliver(deps, delivery!.id), 'skipped', 'a late duplicate job sends nothing');

    assert.equal(receiver.received.length, 3);
    assert.deepEqual(receiver.received.map((r) => r.answered), [500, 500, 200]);
    assert.equal(receiver.received.filter((r) => r.answered === 200 && r.verified).length, 1, 'exactly one delivery succeeded');
    assert.ok(receiver.received.every((r) => r.verified), 'every attempt verifies with standardwebhooks');
    assert.equal(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size, 1);
    assert.equal(new Set(receiver.received.map((r) => r.body)).size, 1);
    const payload = receiver.received[2]!.payload;
    assert.equal(payload.type, 'invoice.exported');
    assert.equal(payload.data.invoiceId, invoiceId);
    assert.equal(payload.data.invoice.id, invoiceId);
    assert.equal(payload.data.invoice.status, 'exported');
    assert.equal(payload.data.invoice.erpDocumentId, 'FI-77');
    assert.equal(payload.data.invoice.totals.payable, '100.00', 'the invoice as the API shows it');
    const tampered = receiver.received[0]!;
    assert.throws(() => new Webhook(secret).verify(tampered.body.replace('FI-77', 'FI-78'), tampered.headers as Record<string, string>));

    const [done] = await deliveriesOf(invoiceId!);
    assert.deepEqual({ state: done!.state, attempts: done!.attempts, lastStatus: done!.lastStatus }, { state: 'succeeded', attempts: 3, lastStatus: 200 });
    const log = await admin.get(`/settings/webhooks/${endpointId}`);
    assert.match(log.text, /invoice\.exported/);
    assert.match(log.text, /Delivered/);
    await t.db.sql`update webhook_endpoints set enabled = false where id = ${endpointId}`;
  });

  it('runs deliveries in the real graphile worker, and Send again from the delivery log', async () => {
    const { id: endpointId, secret } = await addEndpoint(receiver.url, ['invoice.approved']);
    receiver.setSecret(secret);
    const before = receiver.received.length;
    const [invoiceId] = await insertInvoiceRows(t.db.sql, [{ status: 'ready' }]);
    await t.db.sql`update invoices set status = 'approved' where id = ${invoiceId!}`;
    const jobs = { webhook_deliveries__send: webhookDeliveriesSend({ sql: t.db.sql, log: createLogger('silent'), config: t.app.config } as unknown as JobDeps) };
    await runOnce({ connectionString: t.db.url, taskList: jobs, logger: new Logger(() => () => {}) });
    const [delivery] = await deliveriesOf(invoiceId!);
    assert.equal(delivery!.state, 'succeeded');
    assert.equal(receiver.received.length, before + 1);
    assert.equal(receiver.received.at(-1)!.payload.type, 'invoice.approved');

    const page = await admin.get(`/settings/webhooks/${endpointId}`);
    assert.match(page.text, /Send again/);
    const again = await admin.post(`/settings/webhooks/${endpointId}/deliveries/${delivery!.id}/send-again`, {});
    assert.equal(again.status, 303);
    assert.equal((await deliveriesOf(invoiceId!))[0]!.state, 'pending');
    await runOnce({ connectionString: t.db.url, taskList: jobs, logger: new Logger(() => () => {}) });
    assert.equal(receiver.received.length, before + 2);
    assert.equal(receiver.received.at(-1)!.headers['webhook-id'], receiver.received.at(-2)!.headers['webhook-id'], 'the same message again');
    assert.equal((await deliveriesOf(invoiceId!))[0]!.attempts, 2);
    await t.db.sql`update webhook_endpoints set enabled = false where id = ${endpointId}`;
  });

  it('disables the endpoint on 410 Gone, and after 3 days of failures, emailing the AP Admins', async () => {
    const gone = await addEndpoint(receiver.url, ['invoice.rejected']);
    receiver.setSecret(gone.secret);
    const [first, second] = await insertInvoiceRows(t.db.sql, [{ status: 'received' }, { status: 'received' }]);
    await t.db.sql`update invoices set status = 'rejected' where id = any(${[first!, second!]}::bigint[])`;
    const [d1, d2] = await deliveriesOf(first!).then(async (a) => [...a, ...(await deliveriesOf(second!))]);
    receiver.answerWith(410);
    assert.equal(await deliver(deps, d1!.id), 'failed');
    const [endpoint] = await t.db.sql<{ enabled: boolean; disabledReason: string }[]>`select enabled, disabled_reason from webhook_endpoints where id = ${gone.id}`;
    assert.equal(endpoint!.enabled, false);
    assert.match(endpoint!.disabledReason, /410 Gone/);
    assert.equal((await deliveriesOf(second!))[0]!.state, 'failed', 'what was still waiting is not sent');
    assert.equal(await deliver(deps, d2!.id), 'skipped');
    const mails = await t.db.sql<{ toAddress: string; subject: string; body: string }[]>`select to_address, subject, body from mail_messages where kind = 'webhook_disabled'`;
    assert.ok(mails.length >= 1);
    assert.match(mails[0]!.subject, /stopped sending webhooks to 127\.0\.0\.1/);
    assert.match(mails[0]!.body, /410 Gone/);
    assert.match(mails[0]!.body, /on \d\d\/\d\d\/\d{4}, \d\d:\d\d UTC\.\n/, 'when, as the recipient reads it');
    assert.match(mails[0]!.body, /Dates and times in this email: English \(United Kingdom\), times in UTC \(apdesk's default/);

    const failing = await addEndpoint(receiver.url, ['invoice.ready']);
    const [third] = await insertInvoiceRows(t.db.sql, [{ status: 'in_review' }]);
    await t.db.sql`update invoices set status = 'ready' where id = ${third!}`;
    const [d3] = await deliveriesOf(third!);
    await t.db.sql`update webhook_endpoints set failing_since = now() - interval '3 days 1 minute' where id = ${failing.id}`;
    receiver.answerWith(503);
    assert.equal(await deliver(deps, d3!.id), 'failed');
    const [after3] = await t.db.sql<{ enabled: boolean; disabledReason: string }[]>`select enabled, disabled_reason from webhook_endpoints where id = ${failing.id}`;
    assert.equal(after3!.enabled, false);
    assert.match(after3!.disabledReason, /failed for 3 days/);
    const [{ n }] = (await t.db.sql<{ n: number }[]>`select count(*)::int as n from mail_messages where kind = 'webhook_disabled' and body like '%3 days%'`) as unknown as [{ n: number }];
    assert.ok(n >= 1, 'the AP Admins get an email');
    const page = await admin.get(`/settings/webhooks/${failing.id}`);
    assert.match(page.text, /Disabled/);
  });

  it('a success clears the failing clock; the last retry gives up after about 24 hours', async () => {
    const total = RETRY_DELAYS_S.reduce((a, b) => a + b, 0) / 3600;
    assert.ok(total > 22 && total < 26, `retries span about 24 h, got ${total.toFixed(1)} h`);
    const ep = await addEndpoint(receiver.url, ['invoice.ready']);
    receiver.setSecret(ep.secret);
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'in_review' }]);
    await t.db.sql`update invoices set status = 'ready' where id = ${id!}`;
    const [d] = (await deliveriesOf(id!)).filter((x) => x.endpointId === ep.id);
    await t.db.sql`update webhook_deliveries set attempts = ${RETRY_DELAYS_S.length} where id = ${d!.id}`;
    await t.db.sql`select graphile_worker.remove_job(${`webhook_delivery:${d!.id}`})`; // as if the worker had taken it
    receiver.answerWith(500);
    assert.equal(await deliver(deps, d!.id), 'failed', 'no retries left');
    assert.equal(await jobOf(d!.id), undefined);
    await t.db.sql`update webhook_deliveries set state = 'pending' where id = ${d!.id}`;
    assert.equal(await deliver(deps, d!.id), 'succeeded');
    const [row] = await t.db.sql<{ failingSince: Date | null }[]>`select failing_since from webhook_endpoints where id = ${ep.id}`;
    assert.equal(row!.failingSince, null);
    await t.db.sql`update webhook_endpoints set enabled = false where id = ${ep.id}`;
  });

  it('counts a receiver that does not answer in time, or redirects, as a failed attempt', async () => {
    const { createServer } = await import('node:http');
    const hanging = createServer((req, res) => {
      if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      // else: never answer
    });
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const port = (hanging.address() as { port: number }).port;
    try {
      for (const [path, error, status] of [['/slow', /No answer within 0\.2 s/, null], ['/redirect', /Answered 302/, 302]] as const) {
        const ep = await addEndpoint(`http://127.0.0.1:${port}${path}`, ['invoice.ready']);
        const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'in_review' }]);
        await t.db.sql`update invoices set status = 'ready' where id = ${id!}`;
        const [d] = (await deliveriesOf(id!)).filter((x) => x.endpointId === ep.id);
        assert.equal(await deliver({ ...deps, timeoutMs: 200 }, d!.id), 'retrying');
        const [row] = await t.db.sql<{ lastError: string; lastStatus: number | null }[]>`select last_error, last_status from webhook_deliveries where id = ${d!.id}`;
        assert.match(row!.lastError, error);
        assert.equal(row!.lastStatus, status);
        await t.db.sql`update webhook_endpoints set enabled = false where id = ${ep.id}`;
      }
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('raises invoice.received for arriving invoices only while an enabled endpoint asks for it', async () => {
    const eventsNow = async () => (await t.db.sql<{ n: number }[]>`select count(*)::int as n from webhook_events where type = 'invoice.received'`)[0]!.n;
    const before = await eventsNow();
    await insertInvoiceRows(t.db.sql, [{}, {}]);
    assert.equal(await eventsNow(), before, 'nobody asked: nothing written');
    const ep = await addEndpoint(receiver.url, ['invoice.received']);
    const ids = await insertInvoiceRows(t.db.sql, [{}, {}, {}]);
    assert.equal(await eventsNow(), before + 3);
    for (const id of ids) assert.deepEqual((await deliveriesOf(id)).map((d) => [d.type, d.endpointId, d.state]), [['invoice.received', ep.id, 'pending']]);
    await t.db.sql`update webhook_endpoints set enabled = false where id = ${ep.id}`;
    await insertInvoiceRows(t.db.sql, [{}]);
    assert.equal(await eventsNow(), before + 3, 'a disabled endpoint gets nothing');
  });

  it('refuses unsafe or malformed endpoints, and lets only AP Admins manage them', async () => {
    assert.match((await checkWebhookUrl('http://erp.example.com/hook', false)) ?? '', /https/);
    assert.match((await checkWebhookUrl('https://127.0.0.1/hook', false)) ?? '', /loopback, link-local or private/);
    assert.match((await checkWebhookUrl('https://169.254.169.254/latest', false)) ?? '', /private/);
    assert.match((await checkWebhookUrl('https://localhost:8443/hook', false)) ?? '', /private/);
    assert.match((await checkWebhookUrl('https://[::1]/hook', false)) ?? '', /private/);
    assert.match((await checkWebhookUrl('https://user:pw@erp.example.com/', false)) ?? '', /user name and password/);
    assert.match((await checkWebhookUrl('not a url', false)) ?? '', /full URL/);
    assert.equal(await checkWebhookUrl('http://127.0.0.1:9/hook', true), null, 'ALLOW_PRIVATE_TARGETS=true (tests)');

    await admin.get('/settings/webhooks');
    const bad = await admin.post('/settings/webhooks', { url: 'ftp://erp.example.com/x', events: [] });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Use an https:\/\/ URL/);
    assert.match(bad.text, /Choose at least one event/);
    const unknown = await admin.post('/settings/webhooks', { url: receiver.url, events: ['invoice.paid'] });
    assert.equal(unknown.status, 422);

    const clerk = new Browserless(t.app.url);
    const c = await makeUser(t.db.sql, { roles: ['ap_manager'] });
    await clerk.signIn(c.email, c.password);
    assert.equal((await clerk.get('/settings/webhooks')).status, 403);
  });
});
