import { parse } from 'csv-parse/sync';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { add, compare } from '../../src/einvoice/decimal';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { startSftpServer, type TestSftpServer } from '../helpers/sftp';
import { makeCompany } from '../coding/factory';
import { UBL_EXAMPLE } from '../invoices/helpers';
import { exportCipher } from '../../src/export/delivery';
import { approvedInvoice, runExportJobs, unzip } from './helpers';

const runJobs = runExportJobs;

const sftpForm = (server: TestSftpServer, extra: Record<string, string> = {}) => ({
  columns: 'apdesk_invoice_id, invoice_number, gl_account, net, tax, gross', confirmation: 'on_delivery', schedule_mode: 'off', schedule: '', delivery: 'sftp',
  sftp_host: server.host, sftp_port: String(server.port), sftp_username: server.username, sftp_password: server.password, sftp_private_key: '', sftp_folder: '/inbound',
  ...extra,
});

describe('Export batches over SFTP', () => {
  const t = useTestApp({ ALLOW_PRIVATE_TARGETS: 'true' });
  let server: TestSftpServer;
  let admin: Browserless;
  let company: number;
  before(async () => {
    server = await startSftpServer();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(server.root, 'inbound'));
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
    company = await makeCompany(t.db.sql, 'Drop Folder SpA');
  });
  after(() => server.close());

  it('stores the SFTP password sealed and never shows it again', async () => {
    await admin.get(`/settings/export/${company}`);
    const saved = await admin.post(`/settings/export/${company}`, sftpForm(server));
    assert.equal(saved.status, 303, saved.text.slice(-2000));
    const [row] = await t.db.sql<{ sftpPassword: Buffer }[]>`select sftp_password from export_settings where company_id = ${company}`;
    assert.ok(!row!.sftpPassword.includes(Buffer.from(server.password)), 'not stored in clear');
    const page = await admin.get(`/settings/export/${company}`);
    assert.doesNotMatch(page.text, new RegExp(server.password));
    assert.match(page.text, /A password is stored \(never shown\)/);
    assert.match(page.text, /None pinned yet/);
  });

  it('delivers a batch to the drop folder, pins the host key on first use, and makes the invoices Exported', async () => {
    const ids = [await approvedInvoice(t.db.sql, company, UBL_EXAMPLE), await approvedInvoice(t.db.sql, company, UBL_EXAMPLE)];
    const fa = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const accountant = new Browserless(t.app.url);
    await accountant.signIn(fa.email, fa.password);
    await accountant.get('/invoices');
    const created = await accountant.post('/export-batches', { ids: ids.map(String) });
    assert.equal(created.status, 303);
    const batchId = Number(created.location!.split('/').pop());
    assert.match((await accountant.get(created.location!)).text, /Waiting to send/);
    await runJobs(t);
    const files = readdirSync(path.join(server.root, 'inbound')).sort();
    assert.deepEqual(files, [`apdesk-batch-${batchId}.csv`, `apdesk-batch-${batchId}.json`, `apdesk-batch-${batchId}.zip`]);
    const rows = parse(readFileSync(path.join(server.root, 'inbound', `apdesk-batch-${batchId}.csv`)), { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]!), ['apdesk_invoice_id', 'invoice_number', 'gl_account', 'net', 'tax', 'gross']);
    const [totals] = await t.db.sql<{ net: string; tax: string }[]>`select sum(line_net_amount)::text as net, sum(tax_amount)::text as tax from invoices where id = any(${ids}::bigint[])`;
    assert.equal(compare(rows.reduce((s, r) => add(s, r.net!), '0'), totals!.net), 0);
    assert.equal(compare(rows.reduce((s, r) => add(s, r.tax!), '0'), totals!.tax), 0);
    assert.equal(unzip(readFileSync(path.join(server.root, 'inbound', `apdesk-batch-${batchId}.zip`))).size, 2);
    assert.deepEqual((await t.db.sql<{ status: string }[]>`select status from invoices where id = any(${ids}::bigint[])`).map((r) => r.status), ['exported', 'exported']);
    const page = await accountant.get(`/export-batches/${batchId}`);
    assert.match(page.text, new RegExp(`Delivered on .* to sftp://erp@127.0.0.1:${server.port}/inbound`));
    const [pinned] = await t.db.sql<{ sftpHostKey: string }[]>`select sftp_host_key from export_settings where company_id = ${company}`;
    assert.match(pinned!.sftpHostKey, /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.match((await admin.get(`/settings/export/${company}`)).text, new RegExp(`Pinned on .*${pinned!.sftpHostKey.replace(/[+/]/g, '\\$&')}`));
  });

  it('refuses a server presenting another host key, before logging in, until an admin forgets the pinned key', async () => {
    await server.replaceHostKey();
    const logins = server.logins();
    const [invoice] = [await approvedInvoice(t.db.sql, company, UBL_EXAMPLE)];
    const fa = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const accountant = new Browserless(t.app.url);
    await accountant.signIn(fa.email, fa.password);
    await accountant.get('/invoices');
    const created = await accountant.post('/export-batches', { ids: [String(invoice)] });
    const batchId = Number(created.location!.split('/').pop());
    await runJobs(t);
    assert.equal(server.logins(), logins, 'the password never went to the impostor');
    assert.ok(!existsSync(path.join(server.root, 'inbound', `apdesk-batch-${batchId}.csv`)));
    const page = await accountant.get(`/export-batches/${batchId}`);
    assert.match(page.text, /Delivery failed \(attempt 1\): The server&#39;s host key changed: it presented SHA256:/);
    assert.equal((await t.db.sql<{ status: string }[]>`select status from invoices where id = ${invoice}`)[0]!.status, 'approved');

    await admin.get(`/settings/export/${company}`);
    assert.equal((await admin.post(`/settings/export/${company}/host-key/deletion`, {})).status, 303);
    const tested = await admin.post(`/settings/export/${company}/connection-test`, {});
    assert.match((await admin.get(tested.location!)).text, /Connected to 127.0.0.1; host key SHA256:\S+ pinned\. The folder \/inbound exists\./);
    await accountant.get(`/export-batches/${batchId}`);
    assert.equal((await accountant.post(`/export-batches/${batchId}/sftp-delivery`, {})).status, 303);
    await runJobs(t);
    assert.ok(existsSync(path.join(server.root, 'inbound', `apdesk-batch-${batchId}.csv`)));
    assert.equal((await t.db.sql<{ status: string }[]>`select status from invoices where id = ${invoice}`)[0]!.status, 'exported');
  });

  it('logs in with a private key, and leaves invoices Approved when the ERP confirms', async () => {
    await admin.get(`/settings/export/${company}`);
    const saved = await admin.post(`/settings/export/${company}`, sftpForm(server, { confirmation: 'erp', sftp_password_remove: 'on', sftp_password: '', sftp_private_key: server.clientKey }));
    assert.equal(saved.status, 303, saved.text.slice(-1500));
    const [row] = await t.db.sql<{ hasPassword: boolean; sftpPrivateKey: Buffer }[]>`select sftp_password is not null as has_password, sftp_private_key from export_settings where company_id = ${company}`;
    assert.equal(row!.hasPassword, false);
    assert.ok(!row!.sftpPrivateKey.includes(Buffer.from('PRIVATE KEY')));
    const invoice = await approvedInvoice(t.db.sql, company, UBL_EXAMPLE);
    const fa = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const accountant = new Browserless(t.app.url);
    await accountant.signIn(fa.email, fa.password);
    await accountant.get('/invoices');
    const created = await accountant.post('/export-batches', { ids: [String(invoice)] });
    const batchId = Number(created.location!.split('/').pop());
    await runJobs(t);
    assert.ok(existsSync(path.join(server.root, 'inbound', `apdesk-batch-${batchId}.json`)));
    assert.match((await accountant.get(`/export-batches/${batchId}`)).text, /Delivered, waiting for the ERP/);
    assert.equal((await t.db.sql<{ status: string }[]>`select status from invoices where id = ${invoice}`)[0]!.status, 'approved');
  });
});

describe('Export settings without ALLOW_PRIVATE_TARGETS', () => {
  const t = useTestApp();
  let server: TestSftpServer;
  let admin: Browserless;
  let company: number;
  before(async () => {
    server = await startSftpServer();
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
    company = await makeCompany(t.db.sql, 'Private Host Srl');
  });
  after(() => server.close());

  it('refuses an SFTP host on a loopback or private address, next to the field', async () => {
    await admin.get(`/settings/export/${company}`);
    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '169.254.169.254', '[::1]']) {
      const res = await admin.post(`/settings/export/${company}`, sftpForm(server, { sftp_host: host }));
      assert.equal(res.status, 422, host);
      assert.match(res.text, /id="f-sftp_host-error" class="error" role="alert">[^<]*loopback, link-local or private address/, host);
    }
    assert.equal((await t.db.sql`select 1 from export_settings`).length, 0);
  });

  it('refuses to deliver to a private host stored before the rule, without retrying', async () => {
    await t.db.sql`insert into export_settings (company_id, delivery, sftp_host, sftp_port, sftp_username, sftp_password)
      values (${company}, 'sftp', '127.0.0.1', ${server.port}, 'erp', ${exportCipher(t.app.config).encrypt(server.password)})`;
    const invoice = await approvedInvoice(t.db.sql, company, UBL_EXAMPLE);
    const [batch] = await t.db.sql<{ id: number }[]>`
      insert into export_batches (company_id, origin, columns, confirmation, delivery, invoice_count) values (${company}, 'manual', '{net}', 'on_delivery', 'sftp', 1) returning id::int`;
    await t.db.sql`insert into export_batch_invoices (batch_id, invoice_id) values (${batch!.id}, ${invoice})`;
    await t.db.sql`select graphile_worker.add_job('export_batches__deliver', json_build_object('batchId', ${batch!.id}::int))`;
    await runJobs(t);
    const [row] = await t.db.sql<{ status: string; deliveryError: string }[]>`select status, delivery_error from export_batches where id = ${batch!.id}`;
    assert.equal(row!.status, 'failed');
    assert.match(row!.deliveryError, /127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback, link-local or private address/);
    assert.equal(server.logins(), 0);
    const [job] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'export_batches__deliver'`;
    assert.equal(job!.n, 0, 'a refused host is not retried');
  });
});
