/*
 * The values an admin can pick for Company, Supplier and Currency conditions (issue 18: "Company
 * Equals Acme Italia" matched nothing because only the exact legal name does). Offered as a
 * <datalist>, so typing stays possible; the editor's live "Matches N invoices" checks the result.
 */
import type { Sql } from '../db/connection';

export type KnownValues = { company: string[]; supplier: string[]; currency: string[] };

export async function knownValues(sql: Sql): Promise<KnownValues> {
  const [companies, suppliers, currencies] = await Promise.all([
    sql<{ v: string }[]>`select name as v from pagero_companies order by lower(name) limit 500`,
    // the most frequent supplier names first; a few hundred are what a datalist can show usefully
    sql<{ v: string }[]>`select seller_name as v from invoices where seller_name is not null group by seller_name order by count(*) desc, seller_name limit 300`,
    sql<{ v: string }[]>`select currency as v from invoices where currency is not null group by currency order by count(*) desc limit 50`,
  ]);
  return { company: companies.map((r) => r.v), supplier: suppliers.map((r) => r.v).sort((a, b) => a.localeCompare(b)), currency: currencies.map((r) => r.v) };
}

/** The fields whose value box offers these (the editor's input gets list="known-<field>"). */
export const KNOWN_FIELDS = ['company', 'supplier', 'currency'] as const;
