/*
 * Issue 13 items 2–4: `next` after sign-in never leaves the site, parallel wrong passwords get
 * exactly the allowed number of checks, and the client address behind proxies is read from the right.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT_LIMIT, IP_LIMIT } from '../../src/auth/throttle';
import { startTestApp, useTestApp, type TestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';

/** Posts the sign-in form `n` times at once from one browser, each with its own headers. */
async function parallelSignIns(browser: Browserless, n: number, fields: (i: number) => Record<string, string>, headers: (i: number) => Record<string, string> = () => ({})) {
  const cookie = `apdesk_csrf=${browser.cookie('apdesk_csrf')}`;
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      fetch(`${browser.baseUrl}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers(i) },
        body: new URLSearchParams({ _csrf: browser.csrf, ...fields(i) }),
      }).then(async (r) => (await r.text(), r.status)),
    ),
  );
  const count = (status: number) => answers.filter((s) => s === status).length;
  return { checked: count(401), throttled: count(429), other: answers.filter((s) => s !== 401 && s !== 429) };
}

describe('after sign-in, next= stays on this site (issue 13 item 2)', () => {
  const t = useTestApp();
  const offSite = ['%2F%09%2Fevil.example%2Fx', '%2F%20%2Fevil.example%2Fx', '%2F%5Cevil.example', '%2F%2Fevil.example', 'https%3A%2F%2Fevil.example%2F', '%2F%0D%0ASet-Cookie%3A%20x%3D1', '%2F%0A%2Fevil.example', 'javascript%3Aalert(1)'];

  it('a signed-in visitor is sent to / for every off-site or malformed next, and to a same-site path as given', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.signIn(user.email, user.password);
    for (const next of offSite) {
      const res = await browser.get(`/login?next=${next}`);
      assert.equal(res.status, 302, next);
      assert.equal(res.location, '/', next);
    }
    // NUL never gets this far: the control-character guard answers first (item 5)
    assert.equal((await browser.get('/login?next=%2F%00x')).status, 400);
    const same = await browser.get(`/login?next=${encodeURIComponent('/invoices?status=received&q=a b')}`);
    assert.equal(same.location, '/invoices?status=received&q=a%20b');
  });

  it('the sign-in form honours next the same way', async () => {
    const user = await makeUser(t.db.sql);
    for (const next of offSite) {
      const browser = new Browserless(t.app.url);
      await browser.get('/login');
      const res = await browser.post('/login', { email: user.email, password: user.password, next: decodeURIComponent(next) });
      assert.equal(res.status, 303, next);
      assert.equal(res.location, '/', next);
    }
  });
});

describe('parallel sign-in attempts are counted one by one (issue 13 item 3)', () => {
  const t = useTestApp();

  it(`40 parallel wrong passwords for one account get exactly ${ACCOUNT_LIMIT} checks`, async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.get('/login');
    const result = await parallelSignIns(browser, 40, (i) => ({ email: user.email, password: `wrong ${i}` }));
    assert.deepEqual(result, { checked: ACCOUNT_LIMIT, throttled: 40 - ACCOUNT_LIMIT, other: [] });
    assert.equal((await browser.post('/login', { email: user.email, password: user.password })).status, 429);
  });

  it(`40 parallel wrong passwords from one address for many accounts get exactly ${IP_LIMIT} checks`, async () => {
    await t.db.sql`delete from login_failures`;
    const browser = new Browserless(t.app.url);
    await browser.get('/login');
    const result = await parallelSignIns(browser, 40, (i) => ({ email: `nobody${i}@example.test`, password: 'wrong' }));
    assert.deepEqual(result, { checked: IP_LIMIT, throttled: 40 - IP_LIMIT, other: [] });
  });
});

describe('the client address behind proxies is read from the right (issue 13 item 4)', () => {
  const t = useTestApp({ TRUST_PROXY: 'true' });
  let twoProxies: TestApp;
  before(async () => {
    twoProxies = await startTestApp(t.db.sql, { TRUST_PROXY: 'true', TRUSTED_PROXIES: '2' });
  });
  after(async () => twoProxies?.close());

  it('rotating the left-most X-Forwarded-For entry does not dodge the per-address limit', async () => {
    const browser = new Browserless(t.app.url);
    await browser.get('/login');
    const result = await parallelSignIns(
      browser,
      30,
      (i) => ({ email: `rotate${i}@example.test`, password: 'wrong' }),
      (i) => ({ 'x-forwarded-for': `198.18.0.${i + 1}, 203.0.113.9` }),
    );
    assert.deepEqual(result, { checked: IP_LIMIT, throttled: 30 - IP_LIMIT, other: [] });
    const rows = await t.db.sql`select distinct ip from login_failures where email like 'rotate%'`;
    assert.deepEqual(rows.map((r) => r.ip), ['203.0.113.9']);
  });

  it("spoofing someone's address on the left does not lock them out", async () => {
    const user = await makeUser(t.db.sql);
    const attacker = new Browserless(t.app.url);
    await attacker.get('/login');
    const result = await parallelSignIns(
      attacker,
      IP_LIMIT + 5,
      (i) => ({ email: `spoof${i}@example.test`, password: 'wrong' }),
      () => ({ 'x-forwarded-for': '192.0.2.77, 198.51.100.66' }),
    );
    assert.equal(result.checked, IP_LIMIT);
    const victim = new Browserless(t.app.url);
    await victim.request('GET', '/login', { headers: { 'x-forwarded-for': '192.0.2.77' } });
    const res = await victim.request('POST', '/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '192.0.2.77' },
      body: new URLSearchParams({ _csrf: victim.csrf, email: user.email, password: user.password }),
    });
    assert.equal(res.status, 303);
  });

  it('with TRUSTED_PROXIES=2 the client is the second entry from the right', async () => {
    const browser = new Browserless(twoProxies.url);
    await browser.get('/login');
    await parallelSignIns(browser, 3, () => ({ email: 'two-hops@example.test', password: 'wrong' }), (i) => ({ 'x-forwarded-for': `10.9.9.${i}, 198.51.100.20, 10.0.0.2` }));
    const rows = await t.db.sql`select distinct ip from login_failures where email = 'two-hops@example.test'`;
    assert.deepEqual(rows.map((r) => r.ip), ['198.51.100.20']);
  });

  it('X-Forwarded-Proto is the trusted hop’s: a forged https on the left gets no Secure cookie', async () => {
    const forged = await fetch(`${t.app.url}/login`, { headers: { 'x-forwarded-proto': 'https, http' } });
    assert.doesNotMatch(forged.headers.getSetCookie().join('\n'), /Secure/);
    const real = await fetch(`${t.app.url}/login`, { headers: { 'x-forwarded-proto': 'http, https' } });
    assert.match(real.headers.getSetCookie().join('\n'), /Secure/);
  });
});
