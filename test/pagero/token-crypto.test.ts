import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { tokenCipher } from '../../src/pagero/token-crypto';

describe('token encryption at rest', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('round-trips, with a fresh nonce each time and no plaintext in the ciphertext', () => {
    const cipher = tokenCipher(newKey);
    const a = cipher.encrypt('_1XBPWQQ_secret');
    const b = cipher.encrypt('_1XBPWQQ_secret');
    assert.notDeepEqual(a, b);
    assert.ok(!a.toString('latin1').includes('XBPWQQ'));
    assert.equal(cipher.decrypt(a), '_1XBPWQQ_secret');
  });

  it('still reads tokens written under an old key after a key change', () => {
    const before = tokenCipher(oldKey).encrypt('_0XBPWQQ_old');
    assert.equal(tokenCipher(newKey, [oldKey]).decrypt(before), '_0XBPWQQ_old');
    assert.throws(() => tokenCipher(newKey).decrypt(before), /no longer configured/);
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = tokenCipher(newKey).encrypt('_0XBPWQQ_x');
    sealed[sealed.length - 1]! ^= 1;
    assert.throws(() => tokenCipher(newKey).decrypt(sealed));
  });
});
