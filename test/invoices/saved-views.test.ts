/*
 * Saved views (issue 18): a user names the list's current filters and gets them back as a
 * tab; views are per user; a name is checked; deleting one removes only one's own.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows } from './helpers';

const tabs = (html: string) =>
  [...html.matchAll(/<nav id="saved-views"[\s\S]*?<\/ul>/g)].flatMap((m) => [...m[0].matchAll(/<a href="([^"]+)"( aria-current="page")?>([^<]+)<\/a>/g)])
    .map((m) => `${m[3]} ${m[1]!.replaceAll('&amp;', '&')}${m[2] ? ' (current)' : ''}`);

describe('saved views on My Invoices', () => {
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' });
  let anna: Browserless;
  let bruno: Browserless;

  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const b = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    anna = new Browserless(t.app.url);
    await anna.signIn(a.email, a.password);
    bruno = new Browserless(t.app.url);
    await bruno.signIn(b.email, b.password);
    await insertInvoiceRows(t.db.sql, [{ number: 'SEK-1', currency: 'SEK' }, { number: 'EUR-1' }]);
  });

  it('saves the current filters under a name and shows them as a tab, to its user only', async () => {
    const page = await anna.get('/invoices?due=overdue&currency=SEK');
    assert.match(page.text, /<input type="hidden" name="list_query" value="currency=SEK&amp;due=overdue"\/>/);
    const saved = await anna.post('/invoices/views', { name: 'Swedish, overdue', list_query: 'currency=SEK&due=overdue' });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/invoices?currency=SEK&due=overdue');
    const back = await anna.get('/invoices?currency=SEK&due=overdue');
    assert.deepEqual(tabs(back.text), ['All open /invoices', 'Swedish, overdue /invoices?currency=SEK&due=overdue (current)']);
    assert.match(back.text, /View “Swedish, overdue” saved\./);
    assert.deepEqual(tabs((await anna.get('/invoices')).text), ['All open /invoices (current)', 'Swedish, overdue /invoices?currency=SEK&due=overdue']);
    assert.deepEqual(tabs((await bruno.get('/invoices')).text), ['All open /invoices (current)'], 'views are per user');
  });

  it('refuses an empty or control-character name and keeps the filters', async () => {
    const res = await anna.post('/invoices/views', { name: '  ', list_query: 'currency=EUR' });
    assert.equal(res.location, '/invoices?currency=EUR');
    assert.match((await anna.get('/invoices?currency=EUR')).text, /View not saved: Name the view\./);
    const control = await anna.post('/invoices/views', { name: 'bad\u0007name', list_query: 'currency=EUR' });
    // like the empty name: back to the same list with the reason, not the guard's bare 422 page (the list would be lost)
    assert.equal(control.location, '/invoices?currency=EUR');
    assert.match((await anna.get('/invoices?currency=EUR')).text, /View not saved: the name contains a control character \(such as NUL\); type it again\./);
    assert.equal((await t.db.sql`select 1 from saved_views where name like 'bad%'`).length, 0);
  });

  it('deletes only the user’s own view', async () => {
    const [view] = await t.db.sql`select id::int from saved_views where name = 'Swedish, overdue'`;
    assert.equal((await bruno.post(`/invoices/views/${view!.id}/delete`, {})).status, 303);
    assert.equal((await t.db.sql`select 1 from saved_views where id = ${view!.id}`).length, 1, 'Bruno cannot delete Anna’s view');
    await anna.post(`/invoices/views/${view!.id}/delete`, {});
    assert.equal((await t.db.sql`select 1 from saved_views where id = ${view!.id}`).length, 0);
  });
});
