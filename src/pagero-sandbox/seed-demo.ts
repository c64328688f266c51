import { invoiceDocumentInfo, renderUbl } from './ubl-generator';
import { invoiceResponseDocumentInfo, renderInvoiceResponse } from './application-response';
import { SUPPLIERS, makeParty, type Party } from './catalog';
import { buildInvoice, invoiceNumber, type InvoiceSpec } from './invoice-model';
import { Prng, hashSeed, stableUuid } from './prng';
import type { SandboxState } from './state';
import type { NewDocument, SandboxClient, SandboxCompany, SandboxUser } from './types';

export const DEMO_CLIENT_ID = 'apdesk-local';
export const DEMO_CLIENT_SECRET = 'apdesk-local-secret';
export const DEFAULT_DEMO_REDIRECT_URI = 'http://localhost:3000/einvoicing/callback';
export const DEFAULT_DEMO_SEED = 20250601;

/** The OAuth client apdesk uses against the sandbox; apdesk passes its own `<public url>/einvoicing/callback`. */
export function demoClient(redirectUris: string[] = [DEFAULT_DEMO_REDIRECT_URI]): SandboxClient {
  return { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, redirectUris, allowedScopes: ['all', 'openid'], name: 'apdesk (local)' };
}

interface DemoCompanyProfile {
  company: SandboxCompany;
  party: Party;
  /** Buyer that sends this company a Peppol invoice response. */
  customer: Party;
  invoiceCount: number;
  foreignShare: number;
  orderReference: (rng: Prng, year: number) => string;
  buyerReference: (rng: Prng) => string;
  codiceDestinatario?: string;
  ownInvoicePrefix: string;
}

const ACME_ITALIA = makeParty({ name: 'Acme Italia S.r.l.', country: 'IT', street: 'Via Giuseppe Mazzini 18', city: 'Milano', postalZone: '20123', province: 'MI', domain: 'acme-italia.example', numberPattern: '' });
const ACME_GMBH = makeParty({ name: 'Acme GmbH', country: 'DE', street: 'Friedrichstraße 123', city: 'Berlin', postalZone: '10117', domain: 'acme-gmbh.example', numberPattern: '' });
const ACME_NORDIC = makeParty({ name: 'Acme Nordic AB', country: 'SE', street: 'Sveavägen 44', city: 'Stockholm', postalZone: '111 34', domain: 'acme-nordic.example', numberPattern: '' });

export const DEMO_COMPANY_IDS = {
  italy: '0f8e2c4a-3b6d-4e1f-9a2b-1c3d5e7f9a01',
  germany: '1a9d3b5c-4e6f-4a2b-8c1d-2e4f6a8b0c02',
  sweden: '2b0e4c6d-5f7a-4b3c-9d2e-3f5a7b9c1d03',
} as const;

const PROFILES: DemoCompanyProfile[] = [
  {
    company: { id: DEMO_COMPANY_IDS.italy, name: ACME_ITALIA.name, vatNumber: ACME_ITALIA.vatNumber, country: 'IT' },
    party: ACME_ITALIA,
    customer: makeParty({ name: 'Grande Distribuzione Padana S.p.A.', country: 'IT', street: 'Via Emilia 401', city: 'Piacenza', postalZone: '29122', province: 'PC', domain: 'gdpadana.example', numberPattern: '' }),
    invoiceCount: 150,
    foreignShare: 0.12,
    orderReference: (rng, year) => `OA-${year}-${rng.digits(5)}`,
    buyerReference: (rng) => `CDC-${rng.pick(['110', '120', '210', '310', '420'])}`,
    codiceDestinatario: 'KRRH6B9',
    ownInvoicePrefix: 'ACME-IT',
  },
  {
    company: { id: DEMO_COMPANY_IDS.germany, name: ACME_GMBH.name, vatNumber: ACME_GMBH.vatNumber, country: 'DE' },
    party: ACME_GMBH,
    customer: makeParty({ name: 'Nordhessen Handel GmbH', country: 'DE', street: 'Wilhelmshöher Allee 250', city: 'Kassel', postalZone: '34119', domain: 'nh-handel.example', numberPattern: '' }),
    invoiceCount: 110,
    foreignShare: 0.2,
    orderReference: (rng) => `45${rng.digits(8)}`,
    buyerReference: (rng) => `04011000-${rng.digits(5)}-${rng.digits(2)}`,
    ownInvoicePrefix: 'ACME-DE',
  },
  {
    company: { id: DEMO_COMPANY_IDS.sweden, name: ACME_NORDIC.name, vatNumber: ACME_NORDIC.vatNumber, country: 'SE' },
    party: ACME_NORDIC,
    customer: makeParty({ name: 'Västkust Handel AB', country: 'SE', street: 'Södra Hamngatan 37', city: 'Göteborg', postalZone: '411 06', domain: 'vastkusthandel.example', numberPattern: '' }),
    invoiceCount: 90,
    foreignShare: 0.2,
    orderReference: (rng) => `IO-${rng.digits(6)}`,
    buyerReference: (rng) => rng.pick(['Eva Holm', 'Johan Berg', 'Inköp 2100', 'Ekonomi 1300']),
    ownInvoicePrefix: 'ACME-SE',
  },
];

export const DEMO_COMPANIES: SandboxCompany[] = PROFILES.map((p) => p.company);

export const DEMO_USERS: SandboxUser[] = [
  { username: 'anna.rossi', password: 'anna-demo', userId: '7c0d9a52-1e3b-4c6d-8f20-5a7b9c1d3e01', name: 'Anna Rossi', email: 'anna.rossi@acme.example', companies: DEMO_COMPANIES.map((c) => c.id) },
  { username: 'marco.bianchi', password: 'marco-demo', userId: '7c0d9a52-1e3b-4c6d-8f20-5a7b9c1d3e02', name: 'Marco Bianchi', email: 'marco.bianchi@acme.example', companies: [DEMO_COMPANY_IDS.italy] },
  { username: 'klaus.weber', password: 'klaus-demo', userId: '7c0d9a52-1e3b-4c6d-8f20-5a7b9c1d3e03', name: 'Klaus Weber', email: 'klaus.weber@acme.example', companies: [DEMO_COMPANY_IDS.germany] },
  { username: 'sofia.lindberg', password: 'sofia-demo', userId: '7c0d9a52-1e3b-4c6d-8f20-5a7b9c1d3e04', name: 'Sofia Lindberg', email: 'sofia.lindberg@acme.example', companies: [DEMO_COMPANY_IDS.sweden] },
];

const DAY_MS = 24 * 60 * 60 * 1000;
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const constant = (bytes: Uint8Array) => () => bytes;
const isoDate = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

function suppliersFor(country: string): { domestic: Party[]; foreign: Party[] } {
  return { domestic: SUPPLIERS[country] ?? [], foreign: (SUPPLIERS.FOREIGN ?? []).filter((s) => s.country !== country) };
}

function lineCountFor(rng: Prng): number {
  return rng.chance(0.7) ? rng.int(1, 6) : rng.int(7, 20);
}

export interface DemoDocumentOptions {
  seed?: number;
  /** "Now" for the demo: documents arrive during the 90 days before it. Defaults to the current time. */
  referenceTime?: number;
  /** false: companies and users only (DEMO_DATA=false). */
  documents?: boolean;
}

/** The demo's received documents for the three companies: a few hundred invoices, some credit notes, one invoice response each. */
export function generateDemoDocuments(options: DemoDocumentOptions = {}): NewDocument[] {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const referenceTime = options.referenceTime ?? Date.now();
  const documents: NewDocument[] = [];
  let fileNumber = 8_700_000_000;

  for (const profile of PROFILES) {
    const rng = new Prng(hashSeed(seed, profile.company.id));
    const { domestic, foreign } = suppliersFor(profile.party.country);
    const arrivals = Array.from({ length: profile.invoiceCount }, () => {
      // 90 days back with 30–60 day terms: the older part of the demo is overdue, the newer is due soon
      const createMs = referenceTime - rng.int(60_000, 90 * DAY_MS);
      const supplier = domestic.length === 0 || rng.chance(profile.foreignShare) ? rng.pick(foreign) : rng.pick(domestic);
      return { supplier, createMs, issueDate: isoDate(createMs - rng.int(0, 3) * DAY_MS) };
    });
    arrivals.sort((a, b) => a.createMs - b.createMs);

    const sequences = new Map<string, number>();
    const issued = new Map<string, string[]>();
    for (const arrival of arrivals) {
      const { supplier } = arrival;
      const previous = issued.get(supplier.name) ?? [];
      const seq = (sequences.get(supplier.name) ?? (hashSeed('seq', supplier.name) % 900) + 100) + 1;
      sequences.set(supplier.name, seq);
      const isCredit = previous.length > 0 && rng.chance(0.08);
      const year = Number(arrival.issueDate.slice(0, 4));
      const spec: InvoiceSpec = {
        kind: isCredit ? 'CreditNote' : 'Invoice',
        number: invoiceNumber(supplier.numberPattern, year, seq),
        issueDate: arrival.issueDate,
        supplier,
        customer: profile.party,
        buyerReference: profile.buyerReference(rng),
        lineCount: isCredit ? rng.int(1, 3) : lineCountFor(rng),
        orderReference: !isCredit && rng.chance(0.4) ? profile.orderReference(rng, year) : undefined,
        billingReference: isCredit ? rng.pick(previous) : undefined,
        withCharge: rng.chance(0.2),
        codiceDestinatario: profile.codiceDestinatario,
      };
      const model = buildInvoice(spec, rng);
      if (!isCredit) issued.set(supplier.name, [...previous, model.number]);
      const bytes = utf8(renderUbl(model));
      documents.push({
        id: rng.uuid(),
        fileId: String(fileNumber++),
        companyId: profile.company.id,
        createTime: new Date(arrival.createMs).toISOString(),
        documentInfo: invoiceDocumentInfo(model),
        targetDocument: () => bytes,
      });
    }

    if (profile === PROFILES[0]) documents.push(...demoMishaps(documents, profile, referenceTime, () => String(fileNumber++)));

    const responseTime = referenceTime - 2 * DAY_MS - rng.int(0, DAY_MS);
    const invoiceIssueDate = isoDate(responseTime - 12 * DAY_MS);
    const response = {
      id: `IR-${rng.digits(8)}`,
      issueDate: isoDate(responseTime),
      sender: profile.customer,
      receiver: profile.party,
      invoiceNumber: `${profile.ownInvoicePrefix}-${invoiceIssueDate.slice(0, 4)}-${rng.digits(5)}`,
      invoiceIssueDate,
      responseCode: 'AP' as const,
    };
    const responseBytes = utf8(renderInvoiceResponse(response));
    documents.push({
      id: rng.uuid(),
      fileId: String(fileNumber++),
      companyId: profile.company.id,
      createTime: new Date(responseTime).toISOString(),
      documentInfo: invoiceResponseDocumentInfo(response),
      documentReferences: [{ documentIdentifier: response.invoiceNumber, documentType: 'Invoice' }],
      referenceDocumentIdentifier: response.invoiceNumber,
      targetDocument: () => responseBytes,
    });
  }
  return documents;
}

/** The id of the demo's one unreadable document (a truncated file), so tests can tell it from the rest. */
export const DEMO_UNREADABLE_ID = 'demo-unreadable-0001';

/**
 * What a real inbox also holds: one invoice the supplier sent twice (a new document, the same
 * invoice: apdesk flags the possible duplicate) and one file cut off in transfer (apdesk keeps
 * it under Needs attention). Fixed ids, so reseeding gives the same documents.
 */
function demoMishaps(documents: NewDocument[], profile: DemoCompanyProfile, referenceTime: number, nextFileId: () => string): NewDocument[] {
  const mine = documents.filter((d) => d.companyId === profile.company.id && d.documentInfo.documentType === 'Invoice');
  const original = mine[Math.floor(mine.length / 2)];
  if (!original) return [];
  const resentBytes = original.targetDocument();
  const truncated = utf8(`${Buffer.from(resentBytes).toString('utf8').slice(0, 600)}`);
  return [
    { ...original, id: 'demo-resent-0001', fileId: nextFileId(), createTime: new Date(referenceTime - 5 * DAY_MS).toISOString(), targetDocument: () => resentBytes },
    { ...original, id: DEMO_UNREADABLE_ID, fileId: nextFileId(), createTime: new Date(referenceTime - 3 * DAY_MS).toISOString(), targetDocument: constant(truncated) },
  ];
}

export interface DemoSeedSummary {
  companies: SandboxCompany[];
  users: SandboxUser[];
  documents: number;
}

/** Adds the demo companies, users and documents to `state` (it does not add or change OAuth clients). */
export function seedDemo(state: SandboxState, options: DemoDocumentOptions = {}): DemoSeedSummary {
  for (const company of DEMO_COMPANIES) state.companies.set(company.id, { ...company });
  for (const user of DEMO_USERS) state.users.set(user.username, { ...user, companies: [...user.companies] });
  const documents = options.documents === false ? [] : generateDemoDocuments({ referenceTime: state.clock.now(), ...options });
  for (const doc of documents) state.addDocument(doc);
  return { companies: DEMO_COMPANIES, users: DEMO_USERS, documents: documents.length };
}

export interface BulkInvoiceOptions {
  company: SandboxCompany;
  count: number;
  /** Lines per invoice (default 20). */
  lines?: number;
  seed?: number;
  /** The newest invoice's createTime; older ones step back one second each. Defaults to now. */
  referenceTime?: number;
  /** Share of credit notes, 0..1 (default 0). */
  creditNoteShare?: number;
  /** Render every XML now instead of at each download (benchmarks measure the client, not the sandbox). */
  prerender?: boolean;
}

const DEFAULT_ADDRESS: Record<string, { street: string; city: string; postalZone: string; province?: string }> = {
  IT: { street: 'Via Roma 1', city: 'Milano', postalZone: '20121', province: 'MI' },
  DE: { street: 'Hauptstraße 1', city: 'Berlin', postalZone: '10115' },
  SE: { street: 'Drottninggatan 1', city: 'Stockholm', postalZone: '111 51' },
};

function buyerParty(company: SandboxCompany): Party {
  const demo = PROFILES.find((p) => p.company.id === company.id);
  if (demo) return demo.party;
  const country = company.country ?? company.vatNumber.slice(0, 2).toUpperCase();
  const address = DEFAULT_ADDRESS[country] ?? { street: 'Main Street 1', city: 'Capital', postalZone: '1000' };
  const party = makeParty({ name: company.name, country, domain: 'buyer.example', numberPattern: '', ...address });
  return { ...party, vatNumber: company.vatNumber, endpoint: { scheme: party.endpoint.scheme, id: company.vatNumber } };
}

/**
 * N invoices for one company, quick enough for benchmarks (50,000 twenty-line invoices in a few seconds).
 * Metadata is computed up front; the UBL is rebuilt from the per-invoice seed when a client downloads it.
 */
export function generateBulkInvoices(options: BulkInvoiceOptions): NewDocument[] {
  const { company, count } = options;
  const lines = options.lines ?? 20;
  const seed = options.seed ?? 1;
  const referenceTime = options.referenceTime ?? Date.now();
  const creditNoteShare = options.creditNoteShare ?? 0;
  const buyer = buyerParty(company);
  const { domestic, foreign } = suppliersFor(buyer.country);
  const pool = domestic.length > 0 ? domestic : foreign;
  const codiceDestinatario = buyer.country === 'IT' ? (PROFILES.find((p) => p.company.id === company.id)?.codiceDestinatario ?? '0000000') : undefined;

  const modelFor = (index: number) => {
    const rng = new Prng(hashSeed('bulk', seed, company.id, index));
    const createMs = referenceTime - (count - 1 - index) * 1000;
    const issueDate = isoDate(createMs - DAY_MS);
    const isCredit = rng.chance(creditNoteShare);
    const supplier = rng.pick(pool);
    const spec: InvoiceSpec = {
      kind: isCredit ? 'CreditNote' : 'Invoice',
      number: `BULK-${seed}-${String(index + 1).padStart(7, '0')}`,
      issueDate,
      supplier,
      customer: buyer,
      buyerReference: 'BENCH',
      lineCount: lines,
      orderReference: isCredit ? undefined : `PO-${index + 1}`,
      billingReference: isCredit ? `BULK-${seed}-${String(Math.max(1, index)).padStart(7, '0')}` : undefined,
      codiceDestinatario,
    };
    return { model: buildInvoice(spec, rng), createMs };
  };

  const documents: NewDocument[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const { model, createMs } = modelFor(index);
    documents[index] = {
      id: stableUuid('bulk-id', seed, company.id, index),
      companyId: company.id,
      createTime: new Date(createMs).toISOString(),
      documentInfo: invoiceDocumentInfo(model),
      targetDocument: options.prerender ? constant(utf8(renderUbl(model))) : () => utf8(renderUbl(modelFor(index).model)),
    };
  }
  return documents;
}

export class DuplicateBulkError extends Error {}

/** Adds `generateBulkInvoices` output for a company already in `state`. */
export function seedBulkInvoices(state: SandboxState, options: Omit<BulkInvoiceOptions, 'company'> & { companyId: string }): number {
  const company = state.companies.get(options.companyId);
  if (!company) throw new Error(`unknown company ${options.companyId}`);
  const documents = generateBulkInvoices({ referenceTime: state.clock.now(), ...options, company });
  // The same company and seed again would replace documents instead of adding them.
  if (documents.some((doc) => state.documents.has(doc.id!))) throw new DuplicateBulkError(`company ${company.id} already has the bulk invoices of seed ${options.seed ?? 1}: use another seed`);
  for (const doc of documents) state.addDocument(doc);
  return documents.length;
}
