/*
 * Tokens at rest: AES-256-GCM. Each ciphertext starts with a version byte and the first
 * four bytes of sha256(key), so a value written under an old key is still read after a key
 * change (TOKEN_ENCRYPTION_OLD_KEYS) and rewritten under the new key on its next refresh.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 1;
const keyId = (key: Buffer) => createHash('sha256').update(key).digest().subarray(0, 4);

export type TokenCipher = { encrypt(plain: string): Buffer; decrypt(sealed: Buffer): string };

export function tokenCipher(current: Buffer, old: Buffer[] = []): TokenCipher {
  if (current.length !== 32) throw new Error('token encryption key must be 32 bytes');
  const keys = [current, ...old].map((key) => ({ key, id: keyId(key) }));
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), keys[0]!.id, iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      if (sealed[0] !== VERSION) throw new Error('unknown token ciphertext version');
      const id = sealed.subarray(1, 5);
      const match = keys.find((k) => k.id.equals(id));
      if (!match) throw new Error('token was encrypted with a key that is no longer configured');
      const decipher = createDecipheriv('aes-256-gcm', match.key, sealed.subarray(5, 17));
      decipher.setAuthTag(sealed.subarray(17, 33));
      return Buffer.concat([decipher.update(sealed.subarray(33)), decipher.final()]).toString('utf8');
    },
  };
}
