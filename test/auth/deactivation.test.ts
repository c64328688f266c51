import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';

describe('a deactivated user', () => {
  const t = useTestApp();

  it('is signed out at once and cannot sign in again', async () => {
    const admin = await makeUser(t.db.sql, { isUserAdmin: true, roles: ['ap_admin'] });
    const clerk = await makeUser(t.db.sql);
    const clerkBrowser = new Browserless(t.app.url);
    await clerkBrowser.signIn(clerk.email, clerk.password);
    assert.equal((await clerkBrowser.get('/invoices')).status, 200);

    const adminBrowser = new Browserless(t.app.url);
    await adminBrowser.signIn(admin.email, admin.password);
    await adminBrowser.get(`/users/${clerk.id}`);
    const res = await adminBrowser.post(`/users/${clerk.id}/deactivation`, {});
    assert.equal(res.status, 303);

    const after = await clerkBrowser.get('/invoices');
    assert.equal(after.status, 302);
    assert.match(after.location!, /^\/login/);
    await clerkBrowser.get('/login');
    const again = await clerkBrowser.post('/login', { email: clerk.email, password: clerk.password });
    assert.equal(again.status, 401);
    assert.match(again.text, /This account has been deactivated/);

    await adminBrowser.get(`/users/${clerk.id}`);
    await adminBrowser.post(`/users/${clerk.id}/activation`, {});
    assert.equal((await clerkBrowser.signIn(clerk.email, clerk.password)).status, 303);
  });

  it('cannot be the last user admin', async () => {
    await t.db.sql`update users set is_user_admin = false`;
    const admin = await makeUser(t.db.sql, { isUserAdmin: true });
    const browser = new Browserless(t.app.url);
    await browser.signIn(admin.email, admin.password);
    await browser.get(`/users/${admin.id}`);
    await browser.post(`/users/${admin.id}/deactivation`, {});
    const [row] = await t.db.sql`select active from users where id = ${admin.id}`;
    assert.equal(row!.active, true);
    const page = await browser.get(`/users/${admin.id}`);
    assert.match(page.text, /needs at least one active user admin/);
  });
});
