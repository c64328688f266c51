/*
 * With no real Pagero configured, `npm start` runs the Pagero sandbox beside the app, seeded
 * with demo users, three companies and a few hundred invoices (the last 90 days, some overdue,
 * credit notes, one resent invoice and one cut-off file; DEMO_DATA=false leaves the invoices
 * out), so a newcomer can click through E-invoicing Login end to end.
 */
import type { AppConfig } from '../local-secrets';
import type { Logger } from '../logger';
import { DEMO_USERS } from '../pagero-sandbox/seed-demo';
import { startSandbox } from '../pagero-sandbox/start';

export async function startDemoSandbox(config: AppConfig, log: Logger) {
  const sandbox = await startSandbox({ port: config.SANDBOX_PORT, host: '127.0.0.1', seedDemo: true, demoDocuments: config.DEMO_DATA, redirectUris: [config.pagero.redirectUri] });
  log.info({ url: sandbox.url }, 'Pagero sandbox started');
  const users = DEMO_USERS.map((u) => `    ${u.username} / ${u.password}`).join('\n');
  console.log(`\n  Pagero sandbox at ${sandbox.url}; its demo users for E-invoicing Login:\n${users}\n`);
  return sandbox;
}
