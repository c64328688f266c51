import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config';
import { poolSize } from '../src/db/open';
import { withSecrets } from '../src/local-secrets';

const root = new URL('..', import.meta.url).pathname;

describe('configuration', () => {
  it('has working defaults for a newcomer', () => {
    const config = loadConfig({});
    assert.equal(config.PORT, 3000);
    assert.equal(config.APDESK_ROLE, 'all');
    assert.equal(config.DATA_DIR, './.data');
    assert.equal(config.embeddedDatabase, true);
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.deepEqual([config.DEFAULT_LOCALE, config.DEFAULT_TIME_ZONE], ['en-GB', 'UTC']);
    const swedish = loadConfig({ DEFAULT_LOCALE: 'sv-SE', DEFAULT_TIME_ZONE: 'Europe/Stockholm' });
    assert.deepEqual([swedish.DEFAULT_LOCALE, swedish.DEFAULT_TIME_ZONE], ['sv-SE', 'Europe/Stockholm']);
  });

  it('sizes the app pool by role unless DATABASE_POOL_SIZE says otherwise', () => {
    assert.deepEqual(
      [{}, { APDESK_ROLE: 'web' }, { APDESK_ROLE: 'worker' }, { APDESK_ROLE: 'web', DATABASE_POOL_SIZE: '8' }].map((env) => poolSize(loadConfig(env))),
      [10, 3, 10, 8],
    );
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be a whole number$/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT must be between 0 and 65535$/],
    [{ APDESK_ROLE: 'both' }, /^Invalid configuration: APDESK_ROLE must be all, web or worker$/],
    [{ DATABASE_POOL_SIZE: '0' }, /^Invalid configuration: DATABASE_POOL_SIZE must be at least 1$/],
    [{ WORKER_NICE: '20' }, /^Invalid configuration: WORKER_NICE must be a whole number from 0 to 19$/],
    [{ WORKER_NICE: '-5' }, /^Invalid configuration: WORKER_NICE must be a whole number from 0 to 19$/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL$/],
    [{ SESSION_SECRET: 'short' }, /^Invalid configuration: SESSION_SECRET must be at least 32 characters$/],
    [{ TOKEN_ENCRYPTION_KEY: 'abc' }, /^Invalid configuration: TOKEN_ENCRYPTION_KEY must be 32 bytes/],
    [{ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), TOKEN_ENCRYPTION_KEY: '1'.repeat(64) }, /^Invalid configuration: DATABASE_URL is required when NODE_ENV=production/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/d', TOKEN_ENCRYPTION_KEY: '1'.repeat(64) }, /^Invalid configuration: SESSION_SECRET is required when NODE_ENV=production$/],
    [{ ADMIN_EMAIL: 'not an email' }, /^Invalid configuration: ADMIN_EMAIL must be an email address$/],
    [{ DEFAULT_LOCALE: 'xx-YY' }, /^Invalid configuration: DEFAULT_LOCALE must be one of the Profile locales/],
    [{ DEFAULT_TIME_ZONE: 'Mars/Olympus' }, /^Invalid configuration: DEFAULT_TIME_ZONE must be an IANA time zone/],
  ];
  for (const [env, message] of bad) {
    it(`rejects ${JSON.stringify(env)} with one line naming the variable`, () => {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }

  it('requires real secrets with an external database', async () => {
    await assert.rejects(withSecrets(loadConfig({ DATABASE_URL: 'postgres://u@h/d' })), /SESSION_SECRET is required with DATABASE_URL/);
  });

  it('stops the process at start-up with exit code 2 and one line on stderr', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.tsx'], {
      cwd: root,
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim(), 'Invalid configuration: PORT must be a whole number');
  });
});
