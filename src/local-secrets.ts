/*
 * On the embedded database (a developer's machine) the secrets default to random values
 * kept in DATA_DIR/secrets.json, so sessions survive restarts without any setup.
 * With an external database they must come from the environment (see config.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type Config } from './config';

export type AppConfig = Config & { SESSION_SECRET: string; TOKEN_ENCRYPTION_KEY: string };

type Stored = { sessionSecret: string; tokenEncryptionKey: string; databasePassword: string };

export async function localSecrets(dataDir: string): Promise<Stored> {
  const file = path.join(dataDir, 'secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const stored: Stored = {
    sessionSecret: randomBytes(32).toString('base64url'),
    tokenEncryptionKey: randomBytes(32).toString('hex'),
    databasePassword: randomBytes(18).toString('base64url'),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return JSON.parse(await readFile(file, 'utf8')) as Stored;
}

export async function withSecrets(config: Config): Promise<AppConfig> {
  if (config.SESSION_SECRET && config.TOKEN_ENCRYPTION_KEY) return config as AppConfig;
  if (!config.embeddedDatabase) {
    const missing = !config.SESSION_SECRET ? 'SESSION_SECRET' : 'TOKEN_ENCRYPTION_KEY';
    throw new ConfigError(`Invalid configuration: ${missing} is required with DATABASE_URL (generated defaults exist only for the embedded database)`);
  }
  const stored = await localSecrets(config.DATA_DIR);
  return Object.freeze({
    ...config,
    SESSION_SECRET: config.SESSION_SECRET ?? stored.sessionSecret,
    TOKEN_ENCRYPTION_KEY: config.TOKEN_ENCRYPTION_KEY ?? stored.tokenEncryptionKey,
  });
}
