/*
 * The dashboard's Approvals tile counts "due within 5 days" from the reader's today in their own time zone, not
 * UTC's. The zone is picked so that its date differs from UTC's right now (a day ahead in the UTC afternoon, a day
 * behind in the UTC morning): of an invoice due in 5 days and one due in 6 days by the reader's calendar, exactly one
 * is due soon, where UTC's today would count none or both.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daysBetween, todayOf } from '../../src/format/numbers';
import { useTestApp } from '../helpers/app';
import { insertInvoiceRows } from '../invoices/helpers';
import { person } from './factory';

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('the Approvals tile on the dashboard', () => {
  const t = useTestApp();

  it('counts "due within 5 days" in the user’s time zone', async () => {
    const now = new Date();
    const zone = now.getUTCHours() >= 11 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago'; // UTC+14 / UTC−11
    const theirs = todayOf(zone, now);
    assert.equal(Math.abs(daysBetween(todayOf('UTC', now), theirs)), 1, `${zone} is on another day than UTC`);
    const admin = await person(t.db.sql, t.app.url, ['ap_admin'], 'Zoe', 'Zone');
    await t.db.sql`update users set time_zone = ${zone} where id = ${admin.id}`;
    const ids = await insertInvoiceRows(t.db.sql, [
      { status: 'ready', dueDate: plusDays(theirs, 5) },
      { status: 'ready', dueDate: plusDays(theirs, 6) },
    ]);
    for (const id of ids) await t.db.sql`insert into approval_chains (invoice_id, rule_name) values (${id}, 'Default')`;

    const dashboard = (await admin.browser.get('/')).text;
    assert.match(dashboard, /In approval<\/span><span>2<\/span>/);
    assert.match(dashboard, /Due within 5 days, still waiting<\/span><span>1<\/span>/);
  });
});
