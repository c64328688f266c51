import { loadConfig, ConfigError } from '../config';
import { createLogger } from '../logger';
import { openDatabase } from './open';
import { migrate } from './migrate';

try {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config, log);
  try {
    const applied = await migrate(db.sql, { onApply: (name) => log.info({ migration: name }, 'migration applied') });
    log.info({ applied: applied.length }, applied.length ? 'migrations applied' : 'database already up to date');
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `migrate failed: ${(error as Error).message}`);
  process.exit(1);
}
