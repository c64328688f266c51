import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_COMPANIES, DEMO_USERS, DEFAULT_DEMO_REDIRECT_URI } from './seed-demo';
import { BULK_USER, parseBulkSeed, seedBulkCompanies } from './seed-bulk';
import { startSandbox } from './start';

const port = Number(process.env.SANDBOX_PORT ?? 4010);
const host = process.env.SANDBOX_HOST ?? '127.0.0.1';
const redirectUris = (process.env.SANDBOX_REDIRECT_URIS ?? DEFAULT_DEMO_REDIRECT_URI).split(',').map((uri) => uri.trim()).filter(Boolean);

const bulk = parseBulkSeed(process.env.SANDBOX_BULK);

const sandbox = await startSandbox({ port, host, seedDemo: true, redirectUris });
if (bulk) seedBulkCompanies(sandbox.state, bulk);
const companyName = new Map(DEMO_COMPANIES.map((company) => [company.id, company.name]));

console.log(`Pagero sandbox listening on ${sandbox.url}`);
console.log(`  PAGERO_AUTH_URL=${sandbox.url}/oauth/v2`);
console.log(`  PAGERO_API_URL=${sandbox.url}`);
console.log(`  OAuth client: client_id=${DEMO_CLIENT_ID} client_secret=${DEMO_CLIENT_SECRET}`);
console.log(`  Accepted redirect URIs: ${redirectUris.join(', ')}`);
console.log('  Demo Pagero users (username / password: companies):');
for (const user of DEMO_USERS) {
  console.log(`    ${user.username} / ${user.password}: ${user.companies.map((id) => companyName.get(id)).join(', ')}`);
}
console.log('  Demo companies:');
for (const company of DEMO_COMPANIES) console.log(`    ${company.id}  ${company.name} (${company.vatNumber})`);
if (bulk) console.log(`  Bulk: ${BULK_USER.username} / ${BULK_USER.password} sees ${bulk.companies} companies with ${bulk.invoices} waiting invoices each (SANDBOX_BULK)`);
console.log(`  ${sandbox.state.documents.size} received documents seeded. Test controls under ${sandbox.url}/_sim (see README).`);

const shutdown = () => {
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
