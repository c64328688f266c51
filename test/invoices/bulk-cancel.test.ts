/// <reference lib="dom" />
/* The bulk bar's Cancel asks first (issue 18, item 4): on the server, so without JavaScript too. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { newPage, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeGroup } from './helpers';

describe('Bulk Cancel asks for confirmation', () => {
  const chromium = useBrowser();
  const t = useTestApp();
  let manager: Browserless;
  let login: { email: string; password: string };
  let group = 0;
  const statuses = async (ids: number[]) => (await t.db.sql<{ status: string }[]>`select status from invoices where id = any(${ids}::bigint[]) order by id`).map((r) => r.status);

  before(async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_manager'], firstName: 'Mario', lastName: 'Manager' });
    login = user;
    group = await makeGroup(t.db.sql, 'AP team');
    await t.db.sql`insert into document_group_members (group_id, user_id) values (${group}, ${user.id})`;
    manager = new Browserless(t.app.url);
    await manager.signIn(user.email, user.password);
    await manager.get('/invoices');
  });

  it('a POST without confirm cancels nothing and shows which invoices it would cancel and skip; with confirm=yes it cancels them', async () => {
    const ids = await insertInvoiceRows(t.db.sql, [
      { number: 'BC-ONE', sellerName: 'Nordic Paper AB', total: '1250.50', status: 'received', groupId: group },
      { number: 'BC-TWO', sellerName: 'Alpine Steel GmbH', total: '99.00', status: 'in_review', groupId: group },
      { number: 'BC-APPROVED', sellerName: 'Baltic Foods OU', total: '10.00', status: 'approved', groupId: group },
      { number: 'BC-HIDDEN', sellerName: 'Secret Ltd', total: '5.00', status: 'received', groupId: null },
    ]);
    const asked = await manager.post('/invoices/status-changes', { action: 'cancel', ids: ids.map(String), list_query: 'q=BC-%25' });
    assert.equal(asked.status, 200);
    assert.deepEqual(await statuses(ids), ['received', 'in_review', 'approved', 'received'], 'nothing cancelled yet');
    assert.match(asked.text, /<h1[^>]*>Cancel 2 invoices\?<\/h1>/);
    const toCancel = asked.text.slice(asked.text.indexOf('aria-label="Invoices to cancel"'), asked.text.indexOf('Not cancelled, their status does not allow it'));
    assert.match(toCancel, /BC-ONE<\/a>/);
    assert.match(toCancel, /€1,250\.50/);
    assert.match(toCancel, /BC-TWO<\/a>/);
    assert.doesNotMatch(toCancel, /BC-APPROVED/);
    assert.match(asked.text, /Not cancelled, their status does not allow it: 1 invoice\./);
    assert.match(asked.text, /BC-APPROVED<\/a>/);
    assert.doesNotMatch(asked.text, /BC-HIDDEN|Secret Ltd/);
    assert.match(asked.text, /1 invoice of the selection is not shown/);
    assert.match(asked.text, /<a class="button" href="\/invoices\?q=BC-%25">Keep them<\/a>/);
    // the confirmation form carries only the invoices it names
    const form = asked.text.slice(asked.text.indexOf('class="card confirm bulk-confirm"'));
    const carried = [...form.matchAll(/name="ids" value="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(carried.sort(), [ids[0]!, ids[1]!].sort());
    assert.match(form, /name="confirm" value="yes"/);

    const done = await manager.post('/invoices/status-changes', { action: 'cancel', confirm: 'yes', ids: carried.map(String), list_query: 'q=BC-%25' });
    assert.equal(done.status, 200);
    assert.match(done.text, /Cancel: 2 invoices changed<\/strong>/);
    assert.deepEqual(await statuses(ids), ['cancelled', 'cancelled', 'approved', 'received']);
    const [event] = await t.db.sql`select count(*)::int as n from invoice_events where invoice_id = ${ids[0]!} and to_status = 'cancelled'`;
    assert.equal(event!.n, 1, 'recorded in the history');
  });

  it('any other confirm value is no confirmation', async () => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ number: 'BC-NOPE', status: 'received', groupId: group }]);
    const res = await manager.post('/invoices/status-changes', { action: 'cancel', confirm: 'true', ids: [String(id)] });
    assert.match(res.text, /Cancel 1 invoice\?/);
    assert.deepEqual(await statuses([id!]), ['received']);
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`in Chromium ${javaScriptEnabled ? 'with htmx' : 'without JavaScript'}: Apply shows the confirmation, "Keep them" keeps them, confirming cancels`, async () => {
      const tag = javaScriptEnabled ? 'JS' : 'NOJS';
      const ids = await insertInvoiceRows(t.db.sql, [
        { number: `BR-${tag}-1`, sellerName: 'Nordic Paper AB', total: '120.00', status: 'received', groupId: group },
        { number: `BR-${tag}-2`, sellerName: 'Alpine Steel GmbH', total: '2500.50', status: 'in_review', groupId: group },
      ]);
      const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      try {
        await signInThroughForm(page, t.app.url, login.email, login.password, `/invoices?q=BR-${tag}`);
        const choose = async () => {
          for (const n of [1, 2]) await page.getByRole('checkbox', { name: `Select invoice BR-${tag}-${n}` }).check();
          await page.getByLabel('Change selected to').selectOption({ label: 'Cancel' });
          await page.getByRole('button', { name: 'Apply to selected' }).click();
          await page.getByRole('heading', { name: 'Cancel 2 invoices?' }).waitFor();
        };
        await choose();
        assert.deepEqual(await statuses(ids), ['received', 'in_review']);
        await page.getByRole('region', { name: 'Invoices to cancel' }).getByRole('link', { name: `BR-${tag}-2` }).waitFor();
        await snap(page, `invoices-bulk-cancel-confirm-${tag.toLowerCase()}`);
        await page.getByRole('link', { name: 'Keep them' }).click();
        await page.getByRole('checkbox', { name: `Select invoice BR-${tag}-1` }).waitFor();
        assert.deepEqual(await statuses(ids), ['received', 'in_review']);

        await choose();
        await page.getByRole('button', { name: 'Cancel 2 invoices' }).click();
        await page.getByText('Cancel: 2 invoices changed').waitFor();
        assert.deepEqual(await statuses(ids), ['cancelled', 'cancelled']);
      } finally {
        await context.close();
      }
    });
  }
});
