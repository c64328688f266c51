/*
 * Issue 13 items 7 and 9: what a user may not see does not leak through the dashboard's touchless
 * rate, the invoice page's duplicate link or the upload results.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { corpusFile, insertInvoiceRows, makeGroup, UBL_EXAMPLE } from '../invoices/helpers';

describe('invisible invoices stay invisible (issue 13 items 7 and 9)', () => {
  const t = useTestApp();
  let specialist: Browserless;
  let ownGroup: number;
  let otherGroup: number;

  before(async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    ownGroup = await makeGroup(t.db.sql, 'Mine', [user.id]);
    otherGroup = await makeGroup(t.db.sql, 'Theirs', []);
    specialist = new Browserless(t.app.url);
    await specialist.signIn(user.email, user.password);
  });

  it("the dashboard's touchless rate counts only the invoices the user sees (item 7)", async () => {
    await insertInvoiceRows(t.db.sql, [{ groupId: ownGroup }, { groupId: ownGroup }, { groupId: otherGroup }, { groupId: otherGroup }, { groupId: otherGroup }, { groupId: null }]);
    const page = await specialist.get('/');
    assert.equal(page.status, 200);
    assert.match(page.text, /0 of the 2 invoices received in the last 30 days/);
  });

  it('the invoice page names a possible duplicate only when the user may see it (item 9)', async () => {
    const [hidden] = (await insertInvoiceRows(t.db.sql, [{ groupId: otherGroup, number: 'SECRET-ORIGINAL-1' }])) as [number];
    const [seen] = (await insertInvoiceRows(t.db.sql, [{ groupId: ownGroup, number: 'SEEN-ORIGINAL-1' }])) as [number];
    const [copyOfHidden, copyOfSeen] = (await insertInvoiceRows(t.db.sql, [
      { groupId: ownGroup, number: 'COPY-1', duplicateOf: hidden },
      { groupId: ownGroup, number: 'COPY-2', duplicateOf: seen },
    ])) as [number, number];
    const page = await specialist.get(`/invoices/${copyOfHidden}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /SECRET-ORIGINAL-1/);
    assert.doesNotMatch(page.text, new RegExp(`href="/invoices/${hidden}"`));
    const visible = await specialist.get(`/invoices/${copyOfSeen}`);
    assert.match(visible.text, new RegExp(`Possible duplicate of <a href="/invoices/${seen}">invoice SEEN-ORIGINAL-1</a>`));
  });

  it('upload results link a possible duplicate only when the uploader may see it (item 9)', async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const upload = async (browser: Browserless, name: string) => {
      await browser.get('/invoices');
      const form = new FormData();
      form.append('_csrf', browser.csrf);
      form.append('files', new Blob([Buffer.from(corpusFile(UBL_EXAMPLE))], { type: 'application/xml' }), name);
      return browser.request('POST', '/invoices/uploads', { body: form });
    };
    const adminBrowser = new Browserless(t.app.url);
    await adminBrowser.signIn(admin.email, admin.password);
    assert.equal((await upload(adminBrowser, 'first.xml')).status, 200);
    const [original] = await t.db.sql<{ id: number }[]>`select i.id::int from invoices i join documents d on d.id = i.document_id where d.filename = 'first.xml'`;
    const res = await upload(specialist, 'second.xml');
    assert.equal(res.status, 200);
    assert.match(res.text, /second\.xml/);
    assert.doesNotMatch(res.text, new RegExp(`href="/invoices/${original!.id}"`));
    assert.doesNotMatch(res.text, /possible duplicate<\/a>/);
  });
});
