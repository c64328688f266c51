import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { crontab } from '../../jobs/index';
import { loadConfig } from '../../src/config';
import { FAILED_SINCE_REASON } from '../../src/export/batches';
import { scheduleTick } from '../../src/export/schedule';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { makeCompany } from '../coding/factory';
import { UBL_EXAMPLE, uploadCorpusFile } from '../invoices/helpers';
import { approvedInvoice, runExportJobs } from './helpers';

describe('Scheduled export batches', () => {
  const t = useTestApp({ EXPORT_SCHEDULE: '30 6 * * 1-5' });
  let own: number, byDefault: number, off: number;
  before(async () => {
    [own, byDefault, off] = [await makeCompany(t.db.sql, 'Own Schedule'), await makeCompany(t.db.sql, 'Default Schedule'), await makeCompany(t.db.sql, 'No Schedule')];
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
    const form = { columns: 'invoice_number, net', confirmation: 'on_delivery', schedule: '', delivery: 'download', sftp_host: '', sftp_port: '22', sftp_username: '', sftp_folder: '' };
    await admin.get(`/settings/export/${own}`);
    const bad = await admin.post(`/settings/export/${own}`, { ...form, schedule_mode: 'custom', schedule: 'every evening' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Write five cron fields/);
    assert.equal((await admin.post(`/settings/export/${own}`, { ...form, schedule_mode: 'custom', schedule: '0  18 * * *' })).status, 303);
    assert.equal((await admin.post(`/settings/export/${off}`, { ...form, schedule_mode: 'off' })).status, 303);
  });

  it('matches each company’s own schedule, or EXPORT_SCHEDULE, in UTC', async () => {
    const at = (iso: string) => scheduleTick(t.db.sql, t.app.config.EXPORT_SCHEDULE, new Date(iso));
    assert.deepEqual(await at('2026-12-03T18:00:00Z'), [own]);
    assert.deepEqual(await at('2026-12-03T06:30:00Z'), [byDefault], 'a Thursday');
    assert.deepEqual(await at('2026-12-05T06:30:00Z'), [], 'a Saturday');
    assert.deepEqual(await at('2026-12-03T18:01:00Z'), []);
    assert.match(crontab(t.app.config), /^\* \* \* \* \* export_batches__schedule \?fill=1h&max=3$/m);
  });

  it('exports every approved invoice not exported yet, once per tick, and again after the ERP’s failure was fixed', async () => {
    const [a, b] = [await approvedInvoice(t.db.sql, own, UBL_EXAMPLE), await approvedInvoice(t.db.sql, own, UBL_EXAMPLE)];
    const waiting = (await uploadCorpusFile(t.db.sql, UBL_EXAMPLE, { companyId: own })).invoiceIds[0]!;
    const tick = (ts: string) => t.db.sql`select graphile_worker.add_job('export_batches__schedule', json_build_object('_cron', json_build_object('ts', ${ts}::text, 'backfilled', false)))`;
    await tick('2026-12-03T18:00:00.000Z');
    await runExportJobs(t);
    await tick('2026-12-03T18:00:00.000Z');
    await runExportJobs(t);
    const batches = await t.db.sql<{ id: number; origin: string; invoiceCount: number; scheduleKey: string }[]>`select id::int, origin, invoice_count, schedule_key from export_batches`;
    assert.deepEqual(batches.map((x) => [x.origin, x.invoiceCount, x.scheduleKey]), [['schedule', 2, `${own}:2026-12-03T18:00:00.000Z`]]);
    const members = await t.db.sql<{ invoiceId: number }[]>`select invoice_id::int from export_batch_invoices where batch_id = ${batches[0]!.id} order by invoice_id`;
    assert.deepEqual(members.map((m) => m.invoiceId), [a, b]);
    assert.ok(!members.some((m) => m.invoiceId === waiting));

    // the next day: nothing new, no empty batch
    await tick('2026-12-04T18:00:00.000Z');
    await runExportJobs(t);
    assert.equal((await t.db.sql`select 1 from export_batches`).length, 1);

    // the ERP refused b; someone fixed it and gave it Export again (back to Approved): the next tick takes it again
    await t.db.sql`update invoices set status = 'export_failed', export_failed_at = now(), erp_message = 'Unknown cost centre' where id = ${b}`;
    await t.db.sql`update invoices set status = 'approved' where id = ${b}`;
    await tick('2026-12-05T18:00:00.000Z');
    await runExportJobs(t);
    const [again] = await t.db.sql<{ invoiceId: number; reexportReason: string }[]>`
      select m.invoice_id::int, m.reexport_reason from export_batch_invoices m join export_batches x on x.id = m.batch_id where x.schedule_key like ${`${own}:2026-12-05%`}`;
    assert.deepEqual([again!.invoiceId, again!.reexportReason], [b, FAILED_SINCE_REASON]);
  });

  it('refuses an EXPORT_SCHEDULE that is not a cron pattern at start-up', () => {
    assert.throws(() => loadConfig({ EXPORT_SCHEDULE: 'daily' }), /EXPORT_SCHEDULE must be five cron fields/);
    assert.equal(loadConfig({ EXPORT_SCHEDULE: 'off' }).EXPORT_SCHEDULE, 'off');
  });
});
