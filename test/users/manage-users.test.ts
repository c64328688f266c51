import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';

describe('Users > Manage Users', () => {
  const t = useTestApp();
  let admin: Browserless;
  before(async () => {
    const a = await makeUser(t.db.sql, { isUserAdmin: true, roles: [] });
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
  });

  it('is closed to users who are not user admins, even AP Admins', async () => {
    const apAdmin = await makeUser(t.db.sql, { roles: ['ap_admin', 'financial_accounting'] });
    const browser = new Browserless(t.app.url);
    await browser.signIn(apAdmin.email, apAdmin.password);
    for (const path of ['/users', '/users/new', `/users/${apAdmin.id}`]) {
      assert.equal((await browser.get(path)).status, 403, path);
    }
    await browser.get('/invoices');
    const post = await browser.post('/users', { firstName: 'Eve', lastName: 'Sneak', email: 'eve@example.test', roles: 'ap_admin', isUserAdmin: 'on' });
    assert.equal(post.status, 403);
    const escalate = await browser.post(`/users/${apAdmin.id}`, { firstName: 'A', lastName: 'B', email: apAdmin.email, isUserAdmin: 'on' });
    assert.equal(escalate.status, 403);
    const [row] = await t.db.sql`select is_user_admin from users where id = ${apAdmin.id}`;
    assert.equal(row!.isUserAdmin, false);
    assert.equal((await t.db.sql`select 1 from users where email = 'eve@example.test'`).length, 0);
    assert.doesNotMatch((await browser.get('/invoices')).text, /href="\/users"/);
  });

  it('adds a user with roles and shows a generated password once', async () => {
    await admin.get('/users/new');
    const res = await admin.post('/users', {
      firstName: 'Giulia',
      lastName: 'Bianchi',
      email: 'giulia@example.test',
      roles: ['ap_specialist', 'ap_manager'],
      isUserAdmin: 'on',
      password: '',
    });
    assert.equal(res.status, 200);
    const password = /<code class="secret">([^<]+)<\/code>/.exec(res.text)?.[1];
    assert.ok(password && password.length >= 16);
    const [row] = await t.db.sql`select first_name, roles, is_user_admin from users where email = 'giulia@example.test'`;
    assert.deepEqual(row!.roles, ['ap_specialist', 'ap_manager']);
    assert.equal(row!.isUserAdmin, true);
    const giulia = new Browserless(t.app.url);
    assert.equal((await giulia.signIn('giulia@example.test', password!)).status, 303);
    assert.match((await giulia.get('/users')).text, /Giulia/);
  });

  it('shows each bad field next to the field and keeps what was typed', async () => {
    await admin.get('/users/new');
    const res = await admin.post('/users', { firstName: 'Only', lastName: '', email: 'nope', roles: 'chief' });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-lastName-error"[^>]*>Enter the last name\.</);
    assert.match(res.text, /id="field-email-error"[^>]*>Enter a valid email address\.</);
    assert.match(res.text, /Choose roles from the list\./);
    assert.match(res.text, /value="Only"/);
  });

  it('refuses a second user with the same email, whatever its case', async () => {
    const existing = await makeUser(t.db.sql);
    await admin.get('/users/new');
    const res = await admin.post('/users', { firstName: 'Dup', lastName: 'Licate', email: existing.email.toUpperCase(), roles: 'ap_specialist' });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-email-error"[^>]*>A user with this email already exists\.</);
  });

  it('edits a user', async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    await admin.get(`/users/${user.id}`);
    const res = await admin.post(`/users/${user.id}`, { firstName: 'Renamed', lastName: 'Person', email: user.email, roles: ['financial_accounting'] });
    assert.equal(res.status, 303);
    const [row] = await t.db.sql`select first_name, roles from users where id = ${user.id}`;
    assert.equal(row!.firstName, 'Renamed');
    assert.deepEqual(row!.roles, ['financial_accounting']);
    assert.match((await admin.get(`/users/${user.id}`)).text, /Changes saved\./);
  });

  it('answers 404 for a user that does not exist', async () => {
    assert.equal((await admin.get('/users/999999')).status, 404);
    assert.equal((await admin.get('/users/abc')).status, 404);
  });
});
