/*
 * A sandbox big enough to try scale-out (issue 19): N companies with M waiting twenty-line
 * invoices each, all visible to one Pagero user (`bulk` / `bulk`). Metadata is built now;
 * each UBL file is rendered when a client downloads it, so 5 × 10,000 invoices take
 * ~100 MB of sandbox heap instead of a gigabyte of prerendered XML.
 * `SANDBOX_BULK=5x10000 npm run sandbox`, or `npm run cluster -- --companies 5 --invoices 10000`.
 */
import { randomUUID } from 'node:crypto';
import { seedBulkInvoices } from './seed-demo';
import type { SandboxState } from './state';

export const BULK_USER = { username: 'bulk', password: 'bulk' };

export type BulkSeed = { companies: number; invoices: number; lines?: number };

/** Parses "5x10000" (companies × invoices each); undefined for an empty value. */
export function parseBulkSeed(value: string | undefined): BulkSeed | undefined {
  if (!value) return undefined;
  const match = /^(\d{1,3})x(\d{1,6})$/.exec(value.trim());
  if (!match) throw new Error(`SANDBOX_BULK must look like 5x10000 (companies x invoices each), not ${value}`);
  return { companies: Number(match[1]), invoices: Number(match[2]) };
}

export function seedBulkCompanies(state: SandboxState, seed: BulkSeed): { companyIds: string[] } {
  const companyIds: string[] = [];
  for (let i = 1; i <= seed.companies; i++) {
    const id = randomUUID();
    state.companies.set(id, { id, name: `Bulk ${i} AB`, vatNumber: `SE55600${String(i).padStart(5, '0')}01`, country: 'SE' });
    seedBulkInvoices(state, { companyId: id, count: seed.invoices, lines: seed.lines ?? 20, seed: i });
    companyIds.push(id);
  }
  state.users.set(BULK_USER.username, { ...BULK_USER, userId: randomUUID(), name: 'Bulk importer', companies: companyIds });
  return { companyIds };
}
