/* Everything that talks to Pagero, built once from the config and shared by routes and jobs. */
import type { Sql } from '../db/connection';
import type { AppConfig } from '../local-secrets';
import { decodeKey } from '../config';
import type { Logger } from '../logger';
import { pageroApi } from './api';
import { connectionTokens } from './connections';
import { pageroOAuth } from './oauth';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';
import { tokenCipher } from './token-crypto';

export function createPageroService(config: AppConfig, sql: Sql, log: Logger, retry: RetryPolicy = DEFAULT_RETRY) {
  const cipher = tokenCipher(decodeKey(config.TOKEN_ENCRYPTION_KEY)!, config.tokenOldKeys);
  const oauth = pageroOAuth(config.pagero, config.PAGERO_TIMEOUT_MS);
  const policy = { ...retry, timeoutMs: config.PAGERO_TIMEOUT_MS };
  const tokensFor = (connectionId: number) => connectionTokens({ sql, cipher, oauth, log, publicUrl: config.publicUrl }, connectionId);
  return {
    settings: config.pagero,
    cipher,
    oauth,
    tokensFor,
    apiFor: (connectionId: number) => pageroApi({ apiUrl: config.pagero.apiUrl, tokens: tokensFor(connectionId), retry: policy }),
  };
}

export type PageroService = ReturnType<typeof createPageroService>;
