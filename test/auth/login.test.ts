import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCOUNT_LIMIT } from '../../src/auth/throttle';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';

describe('signing in and out', () => {
  const t = useTestApp();

  it('sends an anonymous visitor to /login and back to where they were going', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    const first = await browser.get('/users?page=2');
    assert.equal(first.status, 302);
    assert.equal(first.location, '/login?next=%2Fusers%3Fpage%3D2');
    await browser.get('/login?next=%2Finvoices%3Fstatus%3Dreceived');
    const res = await browser.post('/login', { email: user.email, password: user.password, next: '/invoices?status=received' });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/invoices?status=received');
    const page = await browser.get('/invoices');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>My Invoices<\/h1>/);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie and stores only a hash of the secret', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.get('/login');
    const res = await fetch(`${t.app.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `apdesk_csrf=${browser.cookie('apdesk_csrf')}` },
      body: new URLSearchParams({ _csrf: browser.csrf, email: user.email, password: user.password }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('apdesk_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const secret = cookie.split('=')[1]!.split(';')[0]!.split('.')[1]!;
    const rows = await t.db.sql`select encode(secret_hash, 'hex') as h from sessions where user_id = ${user.id}`;
    assert.equal(rows.length, 1);
    assert.ok(!String(rows[0]!.h).includes(Buffer.from(secret).toString('hex')));
  });

  it('never follows ?next= to another site', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.get('/login');
    const res = await browser.post('/login', { email: user.email, password: user.password, next: '//evil.example/' });
    assert.equal(res.location, '/');
  });

  it('shows a wrong password next to the password field and signs nobody in', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.get('/login');
    const res = await browser.post('/login', { email: user.email, password: 'not the password' });
    assert.equal(res.status, 401);
    assert.match(res.text, /id="field-password-error"[^>]*>Email or password is incorrect\.</);
    assert.match(res.text, new RegExp(`value="${user.email.replace('.', '\\.')}"`));
    assert.equal(browser.cookie('apdesk_session'), undefined);
  });

  it('shows missing fields next to each field', async () => {
    const browser = new Browserless(t.app.url);
    await browser.get('/login');
    const res = await browser.post('/login', { email: 'not-an-email', password: '' });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-email-error"[^>]*>Enter a valid email address\.</);
    assert.match(res.text, /id="field-password-error"[^>]*>Enter your password\.</);
  });

  it('logs out: the session ends on the server, not just in the browser', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.signIn(user.email, user.password);
    const token = browser.cookie('apdesk_session')!;
    await browser.get('/invoices');
    const res = await browser.post('/logout', {});
    assert.equal(res.status, 303);
    assert.equal(res.location, '/login');
    const replay = await fetch(`${t.app.url}/invoices`, { redirect: 'manual', headers: { cookie: `apdesk_session=${token}` } });
    assert.equal(replay.status, 302);
    assert.equal((await t.db.sql`select count(*)::int as n from sessions where user_id = ${user.id}`)[0]!.n, 0);
  });

  it('refuses a form post without the CSRF token', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.signIn(user.email, user.password);
    await browser.get('/invoices');
    const missing = await browser.post('/logout', {}, { csrf: null });
    assert.equal(missing.status, 403);
    assert.match(missing.text, /This form has expired or did not come from apdesk/);
    const forged = await browser.post('/logout', {}, { csrf: 'forged-token-forged-token-forged-token-x' });
    assert.equal(forged.status, 403);
    assert.equal((await t.db.sql`select count(*)::int as n from sessions where user_id = ${user.id}`)[0]!.n, 1);
  });

  it('accepts the CSRF token in the X-CSRF-Token header (htmx requests)', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.signIn(user.email, user.password);
    await browser.get('/invoices');
    const res = await browser.request('POST', '/logout', { headers: { 'x-csrf-token': browser.csrf, 'hx-request': 'true' } });
    assert.equal(res.status, 303);
  });

  it(`throttles an account after ${ACCOUNT_LIMIT} failures, even with the right password`, async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.get('/login');
    for (let i = 0; i < ACCOUNT_LIMIT; i++) assert.equal((await browser.post('/login', { email: user.email, password: `wrong ${i}` })).status, 401);
    const blocked = await browser.post('/login', { email: user.email, password: user.password });
    assert.equal(blocked.status, 429);
    assert.match(blocked.text, /Too many failed sign-in attempts/);
    const other = await makeUser(t.db.sql);
    assert.equal((await new Browserless(t.app.url).signIn(other.email, other.password)).status, 303);
  });

  it('throttles an IP address that tries many accounts', async () => {
    await t.db.sql`delete from login_failures`;
    const browser = new Browserless(t.app.url);
    await browser.get('/login');
    for (let i = 0; i < 20; i++) await browser.post('/login', { email: `nobody${i}@example.test`, password: 'guess' });
    const user = await makeUser(t.db.sql);
    const blocked = await browser.post('/login', { email: user.email, password: user.password });
    assert.equal(blocked.status, 429);
    await t.db.sql`delete from login_failures`;
  });
});
