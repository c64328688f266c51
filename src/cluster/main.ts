/*
 * npm run cluster -- --web 2 --worker 2 [--port 3000] [--sandbox-port 4010 | --no-sandbox] [--bulk 5x10000]
 * Starts N web and M worker processes on one PostgreSQL plus the Pagero sandbox (supervisor.ts);
 * Ctrl-C stops them all.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../logger';
import { BULK_USER } from '../pagero-sandbox/seed-bulk';
import { startCluster } from './supervisor';

const usage = 'usage: npm run cluster -- [--web 2] [--worker 2] [--port 3000] [--sandbox-port 4010 | --no-sandbox] [--bulk 5x10000]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      web: { type: 'string', default: '2' },
      worker: { type: 'string', default: '2' },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      'sandbox-port': { type: 'string', default: process.env.SANDBOX_PORT ?? '4010' },
      'no-sandbox': { type: 'boolean', default: false },
      bulk: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const count = (name: string, value: string, min: number) => {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > 64) {
    console.error(`--${name} must be a whole number from ${min} to 64\n${usage}`);
    process.exit(2);
  }
  return Number(value);
};
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const web = count('web', values.web, 0);
const worker = count('worker', values.worker, 0);
const log = createLogger(process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info');
const noSandbox = values['no-sandbox'] || Boolean(process.env.PAGERO_AUTH_URL);

const cluster = await startCluster({
  web,
  worker,
  basePort: Number(values.port),
  sandboxPort: noSandbox ? 0 : Number(values['sandbox-port']),
  sandboxBulk: values.bulk,
  env: process.env,
  log,
});
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping ${cluster.processes.length} processes…`);
  await cluster.stop();
  console.log('all stopped');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

await cluster.ready();
console.log('\napdesk cluster ready:');
for (const p of cluster.webs) console.log(`  ${p.name}    ${p.url}  (pid ${p.child.pid})`);
for (const p of cluster.workers) console.log(`  ${p.name} ${p.url}/healthz  (pid ${p.child.pid})`);
if (cluster.sandboxUrl) console.log(`  sandbox    ${cluster.sandboxUrl}${values.bulk ? `  (Pagero user ${BULK_USER.username} / ${BULK_USER.password}: ${values.bulk})` : ''}`);
console.log(`  PUBLIC_URL ${cluster.publicUrl}; database ${cluster.databaseUrl.replace(/:[^:@/]*@/, ':…@')}`);
console.log('Ctrl-C stops them all.\n');
