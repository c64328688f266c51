/*
 * apdesk's demo on `npm start`: only with the embedded database AND the built-in Pagero
 * sandbox AND DEMO_DATA (default true); never with a DATABASE_URL or a real Pagero.
 *
 * Companies reach apdesk only through the E-invoicing Login (discovery), so the seed runs
 * twice over: at start-up for demo companies already known but not seeded, and, through the
 * returned hook, for companies a login has just found, before their first sync is queued, so
 * rules and orders are there when the invoices are imported.
 */
import type { Config } from '../config';
import type { Sql } from '../db/connection';
import type { Logger } from '../logger';
import { DEMO_COMPANIES } from '../pagero-sandbox/seed-demo';
import { buildDemoPlan, type DemoDocument, type DemoPlan } from './plan';
import { demoSeedState, seedDemoCompanies, type DemoSeedResult } from './seed';

/** Called with the companies a login has just found, before their first sync (src/pagero/after-connect.ts). */
export type PrepareCompanies = (companyIds: number[]) => Promise<void>;

export const demoSeedWanted = (config: Pick<Config, 'pagero' | 'embeddedDatabase' | 'DEMO_DATA'>) =>
  config.pagero.sandbox && config.embeddedDatabase && config.DEMO_DATA;

/** Seeds what is due now and returns the hook for later logins. `documents`: the sandbox's documents, read when first needed. */
export async function startDemoSeed(sql: Sql, documents: () => Iterable<DemoDocument>, log: Logger): Promise<PrepareCompanies> {
  let plan: DemoPlan | undefined;
  const seed = async (companyIds?: number[]) => {
    try {
      plan ??= buildDemoPlan(documents());
      const results = await seedDemoCompanies(sql, plan, companyIds);
      if (results.length) log.info({ demo: results }, seededLine(results));
      return results;
    } catch (error) {
      // The demo is a convenience: a failed seed must not fail a login or the start.
      log.error({ err: error }, 'demo data could not be added');
      return [];
    }
  };
  const seeded = await seed();
  if (seeded.length === 0) {
    const { known, seeded: done } = await demoSeedState(sql, DEMO_COMPANIES.map((c) => c.id));
    if (done < DEMO_COMPANIES.length && known === done) {
      log.info(`demo data (GL accounts, cost centres, tax codes, coding rules, purchase orders) will be added for the sandbox's demo companies at their first E-invoicing Login; DEMO_DATA=false leaves it out`);
    }
  }
  return async (companyIds) => {
    await seed(companyIds);
  };
}

function seededLine(results: DemoSeedResult[]): string {
  const total = (key: 'glAccounts' | 'costCentres' | 'taxCodes' | 'rules' | 'purchaseOrders' | 'goodsReceipts') => results.reduce((n, r) => n + r[key], 0);
  const codes = total('glAccounts') + total('costCentres') + total('taxCodes');
  return `demo data seeded for ${results.map((r) => r.company).join(', ')}: ${codes} master data codes, ${total('rules')} coding rules, ${total('purchaseOrders')} purchase orders, ${total('goodsReceipts')} goods receipts`;
}
