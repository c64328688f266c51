import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';

describe('the profile page', () => {
  const t = useTestApp();

  it('changes the password and signs out the other sessions', async () => {
    const user = await makeUser(t.db.sql);
    const laptop = new Browserless(t.app.url);
    const phone = new Browserless(t.app.url);
    await laptop.signIn(user.email, user.password);
    await phone.signIn(user.email, user.password);
    await laptop.get('/profile');
    const res = await laptop.post('/profile/password', { currentPassword: user.password, newPassword: 'a new long passphrase', confirmPassword: 'a new long passphrase' });
    assert.equal(res.status, 303);
    assert.equal((await laptop.get('/profile')).status, 200);
    assert.equal((await phone.get('/profile')).status, 302);
    assert.equal((await new Browserless(t.app.url).signIn(user.email, 'a new long passphrase')).status, 303);
  });

  it('explains each problem next to its field', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.signIn(user.email, user.password);
    await browser.get('/profile');
    const short = await browser.post('/profile/password', { currentPassword: user.password, newPassword: 'short', confirmPassword: 'other' });
    assert.equal(short.status, 422);
    assert.match(short.text, /id="field-newPassword-error"[^>]*>Use at least 12 characters\.</);
    const wrong = await browser.post('/profile/password', { currentPassword: 'wrong', newPassword: 'long enough passphrase', confirmPassword: 'long enough passphrase' });
    assert.match(wrong.text, /id="field-currentPassword-error"[^>]*>This is not your current password\.</);
    const differ = await browser.post('/profile/password', { currentPassword: user.password, newPassword: 'long enough passphrase', confirmPassword: 'long enough passphrasf' });
    assert.match(differ.text, /id="field-confirmPassword-error"[^>]*>The two new passwords differ\.</);
  });
});
