/*
 * Endpoint secrets: Standard Webhooks' whsec_ + base64 of 32 random bytes, shown once at
 * creation and kept sealed with TOKEN_ENCRYPTION_KEY (the cipher of the Pagero tokens).
 */
import { randomBytes } from 'node:crypto';
import { decodeKey } from '../config';
import type { AppConfig } from '../local-secrets';
import { tokenCipher, type TokenCipher } from '../pagero/token-crypto';

export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export const secretCipher = (config: Pick<AppConfig, 'TOKEN_ENCRYPTION_KEY' | 'tokenOldKeys'>): TokenCipher =>
  tokenCipher(decodeKey(config.TOKEN_ENCRYPTION_KEY)!, config.tokenOldKeys);
